"""The mails of reviews and complaints, in Hindi and English (chalicelib/orders/notify.py
sends them: the shopper's language first, a maker's Hindi first). A mail never fails the
step that sends it."""
from __future__ import annotations

from chalicelib import config
from chalicelib.orders import notify
from chalicelib.orders import repository as orders_repo
from chalicelib.quality.rules import REASON_TEXT

BUYER = {
    "complaint_opened": {
        "en": ("We received your complaint about order {order}",
               "Reason: {reason}. The maker will answer within 48 hours, then the district "
               "office decides. Follow it on your order page: {link}"),
        "hi": ("ऑर्डर {order} की आपकी शिकायत मिल गई",
               "कारण: {reason}। कारीगर 48 घंटे में जवाब देंगे, फिर ज़िला कार्यालय निर्णय लेगा। "
               "अपने ऑर्डर पेज पर देखें: {link}")},
    "complaint_answered": {
        "en": ("The maker answered your complaint (order {order})",
               "The district office will now decide. See the answer: {link}"),
        "hi": ("कारीगर ने आपकी शिकायत का जवाब दिया (ऑर्डर {order})",
               "अब ज़िला कार्यालय निर्णय लेगा। जवाब देखें: {link}")},
    "complaint_decided": {
        "en": ("Your complaint about order {order} is decided",
               "{amount}{collect}The office's note: {reason}. {link}"),
        "hi": ("ऑर्डर {order} की आपकी शिकायत पर निर्णय",
               "{amount}{collect}कार्यालय की टिप्पणी: {reason}। {link}")},
    "refund_paid": {
        "en": ("Refund paid for order {order}", "{amount} (reference {tracking})."),
        "hi": ("ऑर्डर {order} की राशि भेज दी गई", "{amount} (संदर्भ {tracking})।")},
    "review_rejected": {
        "en": ("Your review (order {order}) was not published",
               "The office's reason: {reason}. You may change it on your order page: {link}"),
        "hi": ("आपकी समीक्षा (ऑर्डर {order}) प्रकाशित नहीं हुई",
               "कार्यालय का कारण: {reason}। आप इसे अपने ऑर्डर पेज पर बदल सकते हैं: {link}")},
}
AMOUNT = {
    "online": {"en": "{amount} is coming back to how you paid. ",
               "hi": "{amount} आपके भुगतान के तरीके पर लौटाए जा रहे हैं। "},
    "cod": {"en": "{amount} will be sent to the UPI ID or account you gave. ",
            "hi": "{amount} आपके दिए UPI ID या खाते में भेजे जाएँगे। "},
    "none": {"en": "No refund. ", "hi": "कोई राशि वापस नहीं। "},
}
COLLECT = {"en": "The courier will come to collect the item. ",
           "hi": "कूरियर सामान लेने आएगा। "}


def _rupees(paise: int) -> str:
    from chalicelib.orders.invoice import rupees
    return rupees(paise)


def _buyer(order, kind: str, lines=None, lang_values=None, **values) -> None:
    """One mail to the buyer; `lang_values` are filled per language before the text."""
    from chalicelib.orders.delivery import order_link
    texts = {lang: (subject, said.format_map(_Keep({k: v[lang] for k, v in
                                                   (lang_values or {}).items()})))
             for lang, (subject, said) in BUYER[kind].items()}
    notify.shopper(order, kind, lines=lines or [], texts=texts,
                   link=order_link(order.id), **values)


class _Keep(dict):
    """str.format_map that leaves unknown {fields} for the second pass."""
    def __missing__(self, key):
        return "{" + key + "}"


def _line(item) -> list[dict]:
    return [{"quantity": int(getattr(item, "quantity", 1) or 1),
             "name": orders_repo.plain(item.product_name)}]


def complaint_opened(order, complaint) -> None:
    _buyer(order, "complaint_opened", _line(complaint),
           {"reason": REASON_TEXT[complaint.reason]})
    from chalicelib.vendors import repository as vendors
    vendor = vendors.get(complaint.vendor_id)
    name = orders_repo.plain(complaint.product_name)
    subject = f"खरीदार की शिकायत, 48 घंटे में जवाब दें / A buyer's complaint: answer within 48 hours"
    body = (f"'{name.get('hi', '')}' के बारे में खरीदार ने शिकायत की है: "
            f"{REASON_TEXT[complaint.reason]['hi']}। DeogharMart पर 'खरीदार क्या कहते हैं' में "
            f"देखें और 48 घंटे में जवाब दें।\n\n"
            f"A buyer complained about '{name.get('en', '')}': "
            f"{REASON_TEXT[complaint.reason]['en']}. See 'What buyers say' on DeogharMart and "
            f"answer within 48 hours.\n\n{notify.SIGNATURE}")
    notify.send(getattr(vendor, "email", None), subject, body, "vendor:complaint",
                order_id=complaint.order_id)


def complaint_answered(complaint) -> None:
    order = orders_repo.get_order(complaint.order_id)
    if order is not None:
        _buyer(order, "complaint_answered", _line(complaint))


def complaint_decided(order, complaint) -> None:
    decision = orders_repo.plain(complaint.decision or {})
    paise = int(decision.get("refund_paise") or 0)
    how = "none" if not paise else "cod" if complaint.payment_method == "cod" else "online"
    amount = {lang: AMOUNT[how][lang].format(amount=_rupees(paise)) for lang in ("en", "hi")}
    collect = COLLECT if decision.get("collect") else {"en": "", "hi": ""}
    _buyer(order, "complaint_decided", _line(complaint),
           {"amount": amount, "collect": collect}, reason=decision.get("note") or "")
    from chalicelib.vendors import repository as vendors
    vendor = vendors.get(complaint.vendor_id)
    subject = "शिकायत पर कार्यालय का निर्णय / The office decided a complaint"
    body = (f"शिकायत {complaint.id}: {amount['hi']}{collect['hi']}"
            f"लौटाई गई राशि आपके भुगतान से घटाई जाएगी।\n\n"
            f"Complaint {complaint.id}: {amount['en']}{collect['en']}"
            f"A refund is taken from your payouts.\n"
            f"{decision.get('note') or ''}\n\n{notify.SIGNATURE}")
    notify.send(getattr(vendor, "email", None), subject, body, "vendor:complaint_decided",
                order_id=complaint.order_id)


def refund_paid(complaint) -> None:
    order = orders_repo.get_order(complaint.order_id)
    refund = orders_repo.plain(complaint.refund or {})
    paise = int(orders_repo.plain(complaint.decision or {}).get("refund_paise") or 0)
    if order is not None:
        _buyer(order, "refund_paid", _line(complaint), amount=_rupees(paise),
               tracking=refund.get("reference") or "")


def review_rejected(review) -> None:
    order = orders_repo.get_order(review.order_id)
    if order is not None:
        _buyer(order, "review_rejected", [{"quantity": 1,
                                           "name": orders_repo.plain(review.product_name)}],
               reason=review.reason or "")


def review_published(review) -> None:
    from chalicelib.vendors import repository as vendors
    vendor = vendors.get(review.vendor_id)
    name = orders_repo.plain(review.product_name)
    stars = "★" * int(review.rating)
    subject = f"नई समीक्षा {stars} / A new review {stars}"
    body = (f"'{name.get('hi', '')}' की एक समीक्षा प्रकाशित हुई। आप DeogharMart पर एक बार "
            f"जवाब दे सकते हैं।\n\nA review of '{name.get('en', '')}' was published. You may "
            f"answer it once on DeogharMart.\n\n{notify.SIGNATURE}")
    notify.send(getattr(vendor, "email", None), subject, body, "vendor:review",
                vendor_id=review.vendor_id)


FLAGS = {"complaints": ("शिकायतें", "complaints"), "late_packing": ("देर से पैकिंग", "late packing"),
         "cancellations": ("कारीगर द्वारा रद्द", "cancelled by the maker"),
         "low_rating": ("कम रेटिंग", "low rating")}


def maker_flagged(vendor, card: dict) -> None:
    """The maker's facilitator (who onboarded them) and the office: whom to visit, why."""
    from chalicelib.auth import officials
    to = list(config.settings().admin_emails)
    if vendor.managed_by:
        official = officials.get(vendor.managed_by)
        if official is not None and official.enabled:
            to.insert(0, official.email)
    lines = [f"- {FLAGS[f['code']][0]} / {FLAGS[f['code']][1]}: {f['value']:.0%}"
             if f["code"] != "low_rating" else
             f"- {FLAGS[f['code']][0]} / {FLAGS[f['code']][1]}: {f['value']}"
             for f in card["flags"]]
    subject = (f"कारीगर पर ध्यान दें / A maker needs a visit: {vendor.name.en} "
               f"({vendor.block})")
    body = (f"{vendor.name.hi} / {vendor.name.en}, {vendor.block}\n"
            f"पिछले {card['window_days']} दिन, {card['orders']} ऑर्डर / last "
            f"{card['window_days']} days, {card['orders']} orders:\n" + "\n".join(lines)
            + f"\n\nDeogharMart पोर्टल में स्कोरकार्ड देखें / See the scorecard in the portal."
            f"\n\n{notify.SIGNATURE}")
    for address in dict.fromkeys(to):
        notify.send(address, subject, body, "official:maker_flagged", vendor_id=vendor.id)
