"""E-mails to shoppers and makers through SES, in both languages.

A shopper's mail leads with the language they shopped in (the order's `language`), the
other follows; a maker's leads with Hindi. Each says what happened and the order's facts
(its number, the items, the amount, the tracking number).

A notification never blocks or fails the order flow, but a failed send is never silent:
it is counted (metric `NotificationsFailed`, alarm `mail-failures`) and logged with the
order id and the kind of mail — never the address, nor SES's message, which can quote it.
"""
from __future__ import annotations

import json
from functools import lru_cache

from chalicelib import config
from chalicelib.observability import logger, metric

LANGUAGES = ("hi", "en")

# kind -> language -> (subject, what happened); the facts follow from FACTS
SHOPPER = {
    "paid": {"en": ("Payment received for order {order}",
                    "Thank you! We received {total}. The makers are packing your order."),
             "hi": ("ऑर्डर {order} का भुगतान मिल गया",
                    "धन्यवाद! {total} मिल गए। कारीगर आपका सामान पैक कर रहे हैं।")},
    "confirmed": {"en": ("Order {order} confirmed (cash on delivery)",
                         "Please keep {total} ready at delivery."),
                  "hi": ("ऑर्डर {order} पक्का (डिलीवरी पर भुगतान)",
                         "डिलीवरी के समय {total} तैयार रखें।")},
    "shipped": {"en": ("A parcel of order {order} is on its way",
                       "The courier has your parcel. Tracking number: {tracking}."),
                "hi": ("ऑर्डर {order} का पार्सल रवाना",
                       "पार्सल कूरियर के पास है। ट्रैकिंग नंबर: {tracking}।")},
    "delivered": {"en": ("A parcel of order {order} was delivered",
                         "We hope you enjoy it. Tracking number: {tracking}.\n"
                         "Rate what you bought, or tell us of a problem: {link}"),
                  "hi": ("ऑर्डर {order} का पार्सल पहुँच गया",
                         "आशा है आपको पसंद आएगा। ट्रैकिंग नंबर: {tracking}।\n"
                         "सामान को रेटिंग दें, या कोई समस्या बताएँ: {link}")},
    "cancelled": {"en": ("Order {order} was cancelled", "Reason: {reason}."),
                  "hi": ("ऑर्डर {order} रद्द हुआ", "कारण: {reason}।")},
    "parcel_cancelled": {"en": ("Part of order {order} cannot be sent",
                                "The maker cannot send these items: {reason}. If you paid "
                                "online, their price comes back to you."),
                         "hi": ("ऑर्डर {order} का कुछ सामान नहीं भेजा जा सकेगा",
                                "कारीगर ये सामान नहीं भेज पाएँगे: {reason}। ऑनलाइन भुगतान "
                                "किया है तो इनकी राशि आपको लौटाई जाएगी।")},
    "refunded": {"en": ("Refund for order {order}",
                        "{amount} is on its way back to your card."),
                 "hi": ("ऑर्डर {order} की राशि वापस",
                        "{amount} आपके कार्ड पर लौटाए जा रहे हैं।")},
}
GREETING = {"en": "Hello {name},", "hi": "नमस्ते {name},"}
ITEMS = {"en": "Items:", "hi": "सामान:"}
ORDER = {"en": "Order number: {order}", "hi": "ऑर्डर नंबर: {order}"}
SIGNATURE = "— DeogharMart, देवघर"

# Reasons the system gives (the shopper's own words are shown as written).
REASONS = {
    "payment not received in time": "समय पर भुगतान नहीं मिला",
    "payment could not start": "भुगतान शुरू नहीं हो सका",
    "cancelled by the shopper": "आपने रद्द किया",
    "cancelled by you": "आपने रद्द किया",
    "card declined": "कार्ड अस्वीकार हुआ",
}


@lru_cache(maxsize=1)
def _ses():
    import boto3
    return boto3.client("ses", region_name=config.settings().region)


def _send(to: str | None, subject: str, body: str, mail: str, order_id: str) -> bool:
    return send(to, subject, body, mail, order_id=order_id)


def send(to: str | None, subject: str, body: str, mail: str, **ids: str) -> bool:
    """One plain-text mail; `mail` is "<audience>:<kind>", `ids` name what it is about
    (order_id, vendor_id) for the log line if SES refuses it."""
    if not to:
        return False
    try:
        _ses().send_email(Source=config.settings().sender_email,
                          Destination={"ToAddresses": [to]},
                          Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                                   "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}})
        return True
    except Exception as exc:  # mail is a courtesy: never break the order for it
        error = getattr(exc, "response", {}).get("Error", {}).get("Code") or type(exc).__name__
        metric("NotificationsFailed", Audience=mail.split(":", 1)[0])
        logger.warning("mail not sent", extra={"mail": mail, **ids, "error": error})
        return False


def language_of(order) -> str:
    return order.language if getattr(order, "language", None) in LANGUAGES else "hi"


def _ordered(first: str) -> tuple[str, str]:
    return (first, "en" if first == "hi" else "hi")


def _items(lines: list[dict], lang: str) -> str:
    return "\n".join(f"  {int(line['quantity'])} × {(line.get('name') or {}).get(lang, '')}"
                     for line in lines)


def _reason(reason: str, lang: str) -> str:
    return REASONS.get(reason, reason) if lang == "hi" else reason


def shopper(order, kind: str, lines: list[dict] | None = None, texts: dict | None = None,
            **values) -> bool:
    """The shopper's mail about `kind`; `lines` are the items concerned (a parcel's), by
    default the whole order's; `texts` ({lang: (subject, said)}) for a kind of another
    module (chalicelib/quality/mails.py)."""
    from chalicelib.orders.invoice import rupees
    contact = order.contact.as_dict() if hasattr(order.contact, "as_dict") else dict(order.contact)
    if lines is None:
        lines = json.loads(order.quote)["lines"] if order.quote else []
    fill = {"order": order.id, "tracking": "", "reason": "", "amount": "", "link": "",
            "total": rupees(int(order.total_paise)), **values}
    subjects, parts = [], []
    for lang in _ordered(language_of(order)):
        subject, said = (texts or SHOPPER[kind])[lang]
        subjects.append(subject.format(**fill))
        text = said.format(**{**fill, "reason": _reason(fill["reason"], lang)})
        parts.append("\n".join([GREETING[lang].format(name=contact.get("name", "")), text,
                                ORDER[lang].format(order=order.id), ITEMS[lang],
                                _items(lines, lang)]))
    body = "\n\n".join(parts + [SIGNATURE])
    return _send(contact.get("email"), " / ".join(subjects), body, f"shopper:{kind}", order.id)


def vendor_new_parcel(vendor, parcel) -> bool:
    lines = json.loads(parcel.lines)
    subject = f"नया ऑर्डर पैक करें / New parcel to pack: {parcel.id}"
    body = ("आपके लिए नया ऑर्डर आया है। DeogharMart पर 'पैक करने के ऑर्डर' देखें।\n"
            f"पार्सल {parcel.id}\n{ITEMS['hi']}\n{_items(lines, 'hi')}\n\n"
            "A new parcel is waiting for you: see 'Orders to pack' on DeogharMart.\n"
            f"Parcel {parcel.id}\n{ITEMS['en']}\n{_items(lines, 'en')}\n\n{SIGNATURE}")
    return _send(getattr(vendor, "email", None), subject, body, "vendor:new_parcel",
                 parcel.order_id)
