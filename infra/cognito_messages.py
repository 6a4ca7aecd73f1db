"""What Cognito e-mails officials and makers, in Hindi and English: the cloud pool's
templates (infra/cdk) and the local stand-in (infra/local/cognito_mail.py) use these same
texts. Cognito fills {username} and {####} (the temporary password or the code)."""
from __future__ import annotations

INVITE_SUBJECT = "DeogharMart: आपको आमंत्रित किया गया है / You are invited"
CODE_SUBJECT = "DeogharMart: आपका कोड / Your code"


def invite_body(portal_url: str) -> str:
    return (f"नमस्ते! जिला कार्यालय ने आपको DeogharMart पोर्टल पर जोड़ा है।<br>"
            f"ई-मेल: {{username}}<br>अस्थायी पासवर्ड: {{####}}<br>"
            f"{portal_url} पर साइन इन करें और अपना नया पासवर्ड चुनें। यह पासवर्ड 7 दिन चलेगा।"
            f"<br><br>Hello! The district office has added you to the DeogharMart portal.<br>"
            f"E-mail: {{username}}<br>Temporary password: {{####}}<br>"
            f"Sign in at {portal_url} and choose your own password. It works for 7 days.")


CODE_BODY = ("आपका DeogharMart कोड: {####}<br>यह कोड किसी को न बताएँ — जिला कार्यालय भी इसे "
             "कभी नहीं माँगेगा।<br><br>Your DeogharMart code: {####}<br>Tell it to no one — "
             "the district office will never ask for it.")
