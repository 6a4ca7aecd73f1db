"""Spelling-tolerant search keys for Hindi and English.

Shoppers type the same word many ways: पेड़ा, peda, pera, pedha, pedaa. Every word
(of a product's names, tags, category and maker) is reduced to a phonetic key:
Devanagari is transliterated to Latin, then spellings that Hindi speakers use
interchangeably in Latin script are folded together (ड़/r/d, aspirated and plain
consonants, long and short vowels, w/v, z/j). A query word matches a product when
its key is a prefix of one of the product's keys, so "bang" finds bangles.
"""
from __future__ import annotations

import re
import unicodedata

MIN_PREFIX = 2
MAX_KEY = 24

# Devanagari consonants (nukta forms included) -> Latin, without the inherent vowel.
_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p", "फ": "ph", "ब": "b", "भ": "bh",
    "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s",
    "ह": "h", "क़": "k", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f",
    "य़": "y", "ळ": "l",
}
_VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri", "ए": "e",
    "ऐ": "ai", "ओ": "o", "औ": "au", "ऍ": "e", "ऑ": "o",
}
_MATRAS = {
    "ा": "aa", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri", "े": "e", "ै": "ai",
    "ो": "o", "ौ": "au", "ॅ": "e", "ॉ": "o",
}
_NASALS = {"ं": "n", "ँ": "n", "ः": "h"}
_HALANT = "्"
_NUKTA = "़"
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")

# Latin folding rules, applied in order (after 'ch' is protected from the c->k fold).
_FOLDS = [
    (r"sh", "s"), (r"ph", "f"), (r"([kgtdbjr])h", r"\1"),
    (r"w", "v"), (r"z", "j"), (r"q", "k"), (r"x", "ks"), (r"ck", "k"), (r"c", "k"),
    (r"ee", "i"), (r"oo", "u"), (r"aa", "a"), (r"ii", "i"), (r"uu", "u"),
    (r"ai", "e"), (r"ei", "e"), (r"ae", "e"), (r"au", "o"), (r"ou", "u"), (r"y$", "i"),
    (r"r", "d"),
    (r"(.)\1+", r"\1"),
    # Hindi drops the inherent vowel inside words (लहठी is lah-thi, not la-ha-thi):
    # drop every 'a' between two consonants so both spellings meet.
    (r"(?<=[^aeiou\x01])a(?=[^aeiou])", ""),
    (r"e$", "a"),  # oblique forms: पेड़े / peda
]
_STOPWORDS = {"and", "of", "the", "for", "with", "in", "a", "an", "by", "से", "और", "के", "की",
              "का", "में", "व", "एवं", "को"}
_WORD = re.compile(r"[\w\u0900-\u097f]+", re.UNICODE)


def _transliterate(word: str) -> str:
    """Devanagari word -> rough Latin (schwa after a final consonant dropped)."""
    out: list[str] = []
    chars = list(unicodedata.normalize("NFC", word))
    i = 0
    while i < len(chars):
        ch = chars[i]
        if i + 1 < len(chars) and chars[i + 1] == _NUKTA:
            ch += _NUKTA
            i += 1
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if ch in _CONSONANTS:
            out.append(_CONSONANTS[ch])
            if nxt in _MATRAS or nxt == _HALANT:
                pass
            elif nxt and (nxt in _CONSONANTS or nxt in _NASALS or "\u0900" <= nxt <= "\u097f"):
                out.append("a")
        elif ch in _MATRAS:
            out.append(_MATRAS[ch])
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in _NASALS:
            out.append(_NASALS[ch])
        elif ch == _HALANT:
            pass
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_CH = "\x01"


def phonetic_key(word: str) -> str:
    word = unicodedata.normalize("NFC", word).lower().translate(_DEVANAGARI_DIGITS)
    if any("\u0900" <= c <= "\u097f" for c in word):
        word = _transliterate(word)
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if c.isascii() and c.isalnum())
    if len(word) >= 5 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # English plurals: bangles / bangle
    # 'ch' (च) is its own sound: protect it from the c->k fold below.
    word = word.replace("chh", _CH).replace("ch", _CH)
    for pattern, repl in _FOLDS:
        word = re.sub(pattern, repl, word)
    word = word.replace(_CH, "c")
    return word[:MAX_KEY]


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", text or "").lower())
            if w not in _STOPWORDS]


def keys_of(text: str) -> list[str]:
    """Phonetic keys of every meaningful word in a text, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in words(text):
        key = phonetic_key(w)
        if len(key) >= MIN_PREFIX or (key.isdigit() and key):
            seen.setdefault(key, None)
    return list(seen)


def prefixes(key: str) -> list[str]:
    return [key[:n] for n in range(min(MIN_PREFIX, len(key)), len(key) + 1)]


def index_entries(weighted_texts: list[tuple[str, int]]) -> dict[str, int]:
    """Map each searchable prefix to the best score it earns for one product.

    A whole-word match scores its text's weight; a prefix match scores half.
    """
    best: dict[str, int] = {}
    for text, weight in weighted_texts:
        for key in keys_of(text):
            for p in prefixes(key):
                score = weight if p == key else max(1, weight // 2)
                if score > best.get(p, 0):
                    best[p] = score
    return best
