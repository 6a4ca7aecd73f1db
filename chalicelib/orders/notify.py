"""E-mails to shoppers and makers through SES, in Hindi and English.

A notification never blocks or fails the order flow: a send that fails is
logged (without the address) and the flow goes on. Logs name the order only.
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib import config
from chalicelib.observability import logger

SHOPPER = {
    "paid": ("Payment received for order {order}", "ऑर्डर {order} का भुगतान मिल गया",
             "Thank you! The makers are packing your order.", "धन्यवाद! कारीगर आपका सामान पैक कर रहे हैं।"),
    "confirmed": ("Order {order} confirmed (cash on delivery)", "ऑर्डर {order} पक्का (डिलीवरी पर भुगतान)",
                  "Please keep the amount ready at delivery.", "डिलीवरी के समय राशि तैयार रखें।"),
    "shipped": ("A parcel of order {order} is on its way", "ऑर्डर {order} का पार्सल रवाना",
                "Tracking number: {tracking}.", "ट्रैकिंग नंबर: {tracking}।"),
    "delivered": ("A parcel of order {order} was delivered", "ऑर्डर {order} का पार्सल पहुँच गया",
                  "We hope you enjoy it.", "आशा है आपको पसंद आएगा।"),
    "cancelled": ("Order {order} was cancelled", "ऑर्डर {order} रद्द हुआ",
                  "Reason: {reason}.", "कारण: {reason}।"),
    "refunded": ("Refund for order {order}", "ऑर्डर {order} की राशि वापस",
                 "{amount} is on its way back to your card.", "{amount} आपके कार्ड पर लौटाए जा रहे हैं।"),
}


@lru_cache(maxsize=1)
def _ses():
    import boto3
    return boto3.client("ses", region_name=config.settings().region)


def _send(to: str | None, subject: str, body: str, what: str, ref: str) -> bool:
    if not to:
        return False
    try:
        _ses().send_email(Source=config.settings().sender_email,
                          Destination={"ToAddresses": [to]},
                          Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                                   "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}})
        return True
    except Exception:  # mail is a courtesy: never break the order for it
        logger.warning("notification not sent", extra={"what": what, "ref": ref})
        return False


def shopper(order, kind: str, **values) -> bool:
    en_subject, hi_subject, en_body, hi_body = SHOPPER[kind]
    contact = order.contact.as_dict() if hasattr(order.contact, "as_dict") else dict(order.contact)
    fill = {"order": order.id, "tracking": "", "reason": "", "amount": "", **values}
    subject = f"{hi_subject.format(**fill)} / {en_subject.format(**fill)}"
    body = (f"नमस्ते {contact.get('name', '')},\n{hi_body.format(**fill)}\n\n"
            f"Hello {contact.get('name', '')},\n{en_body.format(**fill)}\n\n— DeogharMart, देवघर")
    return _send(contact.get("email"), subject, body, f"shopper:{kind}", order.id)


def vendor_new_parcel(vendor, parcel) -> bool:
    subject = f"नया ऑर्डर पैक करें / New parcel to pack: {parcel.id}"
    body = ("आपके लिए नया ऑर्डर आया है। DeogharMart पर 'पैक करने के ऑर्डर' देखें।\n"
            "A new parcel is waiting for you: see 'Orders to pack' on DeogharMart.\n"
            f"Parcel {parcel.id}")
    return _send(getattr(vendor, "email", None), subject, body, "vendor:new_parcel", parcel.id)
