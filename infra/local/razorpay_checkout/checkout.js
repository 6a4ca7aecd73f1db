/* Razorpay Checkout, as the local stand-in serves it (infra/local/razorpay_server.py).

   The same API as https://checkout.razorpay.com/v1/checkout.js:
     var rzp = new Razorpay({key, order_id, amount, currency, name, description, prefill,
                             notes, config: {display: {sequence}}, modal: {ondismiss}, handler});
     rzp.on("payment.failed", fn); rzp.open(); rzp.close();
   It draws its own modal in the page (Razorpay's is an iframe) and talks to the stand-in
   it was loaded from with fetch, using the public key id only. Test data:
     UPI  success@razorpay, failure@razorpay, pending@razorpay (approve it at /_dm/upi)
     Card 4111 1111 1111 1111 succeeds, 4000 0000 0000 0002 fails
     Netbanking: any bank succeeds. */
(function () {
  "use strict";
  var BASE = new URL(document.currentScript.src).origin;
  var BANKS = [["SBIN", "State Bank of India"], ["HDFC", "HDFC Bank"], ["ICIC", "ICICI Bank"],
               ["UTIB", "Axis Bank"], ["PUNB", "Punjab National Bank"], ["BKID", "Bank of India"]];
  var BLOCKS = {
    upi: {label: "UPI", hindi: "यूपीआई"},
    card: {label: "Card", hindi: "कार्ड"},
    netbanking: {label: "Netbanking", hindi: "नेटबैंकिंग"}
  };
  var STYLE = [
    ".dmrzp-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.55);z-index:2147483000;",
    "display:flex;align-items:center;justify-content:center;font:16px/1.4 system-ui,sans-serif}",
    ".dmrzp-dialog{background:#fff;color:#1b1b1b;width:min(26rem,94vw);max-height:94vh;overflow:auto;",
    "border-radius:.5rem;padding:1rem 1.25rem;box-shadow:0 .5rem 2rem rgba(0,0,0,.4)}",
    ".dmrzp-head{display:flex;justify-content:space-between;align-items:flex-start;gap:1rem}",
    ".dmrzp-head h2{margin:0;font-size:1.2rem}.dmrzp-test{font-size:.85rem;color:#5a4a00;",
    "background:#fff4c2;padding:.25rem .5rem;border-radius:.25rem}",
    ".dmrzp-tabs{display:flex;gap:.5rem;margin:.75rem 0}.dmrzp-tabs button,.dmrzp-pay,.dmrzp-close{",
    "min-height:2.75rem;padding:.4rem .8rem;border:2px solid #0b3d91;border-radius:.35rem;",
    "background:#fff;color:#0b3d91;font:inherit;cursor:pointer}",
    ".dmrzp-tabs button[aria-pressed=true],.dmrzp-pay{background:#0b3d91;color:#fff}",
    ".dmrzp-pay:disabled{opacity:.55;cursor:wait}",
    ".dmrzp-dialog label{display:block;font-weight:600;margin:.5rem 0 .25rem}",
    ".dmrzp-dialog input,.dmrzp-dialog select{width:100%;box-sizing:border-box;min-height:2.75rem;",
    "font:inherit;padding:.4rem;border:1px solid #555;border-radius:.25rem}",
    ".dmrzp-hint{font-size:.85rem;color:#444;margin:.25rem 0}.dmrzp-pay{width:100%;margin-top:.75rem}",
    ".dmrzp-alert:not(:empty){color:#8b0000;background:#fde8e8;padding:.5rem;border-radius:.25rem}",
    ".dmrzp-dialog :focus-visible{outline:3px solid #f0a500;outline-offset:2px}"
  ].join("");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function rupees(paise) {
    return "₹" + (paise / 100).toLocaleString("en-IN", {minimumFractionDigits: 2});
  }

  function Razorpay(options) {
    if (!(this instanceof Razorpay)) { return new Razorpay(options); }
    this.options = options || {};
    this.listeners = {};
    this.root = null;
    this.timer = null;
  }

  Razorpay.prototype.on = function (event, fn) {
    (this.listeners[event] = this.listeners[event] || []).push(fn);
    return this;
  };

  Razorpay.prototype.emit = function (event, payload) {
    (this.listeners[event] || []).forEach(function (fn) { fn(payload); });
  };

  Razorpay.prototype.order = function () {
    var wanted = ((((this.options.config || {}).display || {}).sequence) || [])
      .map(function (b) { return b.replace(/^block\./, ""); })
      .filter(function (m) { return BLOCKS[m]; });
    Object.keys(BLOCKS).forEach(function (m) { if (wanted.indexOf(m) < 0) { wanted.push(m); } });
    return wanted;
  };

  Razorpay.prototype.open = function () {
    if (this.root) { return; }
    if (!document.getElementById("dmrzp-style")) {
      document.head.appendChild(el("style", {id: "dmrzp-style", text: STYLE}));
    }
    var self = this, o = this.options, methods = this.order();
    this.returnFocus = document.activeElement;
    this.alert = el("p", {"class": "dmrzp-alert", role: "alert"});
    this.forms = {};
    var tabs = el("div", {"class": "dmrzp-tabs", role: "group", "aria-label": "Payment method / भुगतान का तरीका"});
    methods.forEach(function (m) {
      var tab = el("button", {type: "button", "aria-pressed": "false", "data-method": m,
                              text: BLOCKS[m].label + " / " + BLOCKS[m].hindi});
      tab.addEventListener("click", function () { self.show(m); });
      tabs.appendChild(tab);
      self.forms[m] = self.form(m);
    });
    this.waitPanel = el("div", {hidden: "", "aria-live": "polite"}, [
      el("p", {text: "Approve the request in your UPI app. / अपने यूपीआई ऐप में अनुरोध स्वीकार करें।"}),
      el("p", {"class": "dmrzp-hint"}, [el("a", {href: BASE + "/_dm/upi", target: "_blank",
        rel: "noopener", text: "Open the test UPI app"})])
    ]);
    var close = el("button", {type: "button", "class": "dmrzp-close", text: "×",
                              "aria-label": "Close / बंद करें"});
    close.addEventListener("click", function () { self.dismiss(); });
    var dialog = el("div", {"class": "dmrzp-dialog", role: "dialog", "aria-modal": "true",
                            "aria-labelledby": "dmrzp-title", "aria-describedby": "dmrzp-amount"}, [
      el("div", {"class": "dmrzp-head"}, [
        el("div", {}, [el("h2", {id: "dmrzp-title", text: o.name || "Payment"}),
                       el("p", {id: "dmrzp-amount", text: rupees(o.amount || 0) +
                                (o.description ? " — " + o.description : "")})]),
        close]),
      el("p", {"class": "dmrzp-test", text: "Test mode: the local Razorpay stand-in"}),
      tabs, this.alert, this.waitPanel
    ].concat(methods.map(function (m) { return self.forms[m]; })));
    this.root = el("div", {"class": "dmrzp-backdrop"}, [dialog]);
    this.root.addEventListener("keydown", function (e) { self.keydown(e, dialog); });
    document.body.appendChild(this.root);
    var first = (o.prefill || {}).method;
    this.show(BLOCKS[first] ? first : methods[0]);
  };

  Razorpay.prototype.form = function (method) {
    var self = this, o = this.options, field;
    var id = "dmrzp-" + method;
    if (method === "upi") {
      field = [el("label", {"for": id, text: "UPI ID / यूपीआई आईडी"}),
               el("input", {id: id, name: "vpa", autocomplete: "off", "aria-describedby": id + "-hint"}),
               el("p", {id: id + "-hint", "class": "dmrzp-hint",
                        text: "Test: success@razorpay, failure@razorpay, pending@razorpay"})];
    } else if (method === "card") {
      field = [el("label", {"for": id, text: "Card number / कार्ड नंबर"}),
               el("input", {id: id, name: "card_number", inputmode: "numeric", autocomplete: "off",
                            "aria-describedby": id + "-hint"}),
               el("p", {id: id + "-hint", "class": "dmrzp-hint",
                        text: "Test: 4111 1111 1111 1111 succeeds, 4000 0000 0000 0002 fails"})];
    } else {
      var select = el("select", {id: id, name: "bank"},
        [el("option", {value: "", text: "Choose a bank / बैंक चुनें"})].concat(BANKS.map(function (b) {
          return el("option", {value: b[0], text: b[1]});
        })));
      field = [el("label", {"for": id, text: "Bank / बैंक"}), select];
    }
    var pay = el("button", {type: "submit", "class": "dmrzp-pay",
                            text: "Pay " + rupees(o.amount || 0) + " / भुगतान करें"});
    var form = el("form", {hidden: "", "data-method": method, novalidate: ""}, field.concat([pay]));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var entered = form.elements[field[1].name].value;
      self.submit(method, field[1].name, entered, pay);
    });
    return form;
  };

  Razorpay.prototype.show = function (method) {
    var self = this;
    Object.keys(this.forms).forEach(function (m) { self.forms[m].hidden = m !== method; });
    this.root.querySelectorAll(".dmrzp-tabs button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-method") === method));
    });
    this.forms[method].querySelector("input, select").focus();
  };

  Razorpay.prototype.submit = function (method, name, value, button) {
    var self = this, o = this.options, prefill = o.prefill || {};
    var body = {key: o.key, order_id: o.order_id, method: method, notes: o.notes || {},
                email: prefill.email, contact: prefill.contact, description: o.description};
    body[name] = value;
    this.alert.textContent = "";
    button.disabled = true;
    fetch(BASE + "/_checkout/pay", {method: "POST", headers: {"Content-Type": "application/json"},
                                    body: JSON.stringify(body)})
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        button.disabled = false;  // before settle: a waiting UPI request disables it again
        self.settle(answer);
      }, function () {
        button.disabled = false;
        self.alert.textContent = "Could not reach the payment service. Try again.";
      });
  };

  /* One answer of the stand-in: success, a failed payment, a waiting UPI request, or a
     refused entry (no payment made). */
  Razorpay.prototype.settle = function (answer) {
    var self = this;
    if (!this.root) { return; }
    if (answer.razorpay_signature) {
      this.close();
      if (this.options.handler) {
        this.options.handler({razorpay_payment_id: answer.razorpay_payment_id,
                              razorpay_order_id: answer.razorpay_order_id,
                              razorpay_signature: answer.razorpay_signature});
      }
    } else if (answer.status === "pending") {
      this.waiting(true);
      this.timer = setTimeout(function () { self.poll(answer.razorpay_payment_id); }, 1000);
    } else if (answer.error) {
      this.waiting(false);
      this.alert.textContent = answer.error.description;
      if (answer.error.metadata && answer.error.metadata.payment_id) {
        this.emit("payment.failed", {error: answer.error});
      }
    }
  };

  Razorpay.prototype.poll = function (paymentId) {
    var self = this;
    var url = BASE + "/_checkout/payments/" + encodeURIComponent(paymentId) +
              "?key=" + encodeURIComponent(this.options.key);
    fetch(url).then(function (r) { return r.json(); })
      .then(function (answer) { self.settle(answer); })
      .catch(function () { self.settle({status: "pending", razorpay_payment_id: paymentId}); });
  };

  Razorpay.prototype.waiting = function (on) {
    var self = this;
    this.waitPanel.hidden = !on;
    Object.keys(this.forms).forEach(function (m) {
      self.forms[m].querySelector("button").disabled = on;
    });
  };

  Razorpay.prototype.keydown = function (e, dialog) {
    if (e.key === "Escape") {
      e.preventDefault();
      this.dismiss();
    } else if (e.key === "Tab") {  // keep focus inside the dialog
      var focusable = Array.prototype.filter.call(
        dialog.querySelectorAll("button, input, select, a[href]"),
        function (n) { return !n.disabled && n.offsetParent !== null; });
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    }
  };

  Razorpay.prototype.close = function () {
    clearTimeout(this.timer);
    if (!this.root) { return; }
    this.root.remove();
    this.root = null;
    if (this.returnFocus && this.returnFocus.focus) { this.returnFocus.focus(); }
  };

  Razorpay.prototype.dismiss = function () {
    this.close();
    var modal = this.options.modal || {};
    if (modal.ondismiss) { modal.ondismiss(); }
  };

  window.Razorpay = Razorpay;
})();
