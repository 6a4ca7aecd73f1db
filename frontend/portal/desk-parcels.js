// The review desk's parcels ("#/desk/parcels"), for stages that deliver by hand
// (COURIER_MODE=manual): the parcels still without a tracking number past the pickup deadline
// (GET /admin/parcels/overdue, oldest first), and any parcel found by its id
// (GET /admin/parcels/<id>); for each, the office records the handover or the outcome for the
// maker (handover.js). No shopper's address or phone reaches the desk.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk;

  DM.strings({
    dkParcels: ["Parcels", "पार्सल"],
    dkParcelsLead: ["Parcels delivered by hand wait for the maker to record the handover. These have no tracking number {hours} hours after they were ready.", "हाथ से भेजे जाने वाले पार्सलों का सौंपना कारीगर दर्ज करते हैं। इन पार्सलों का तैयार होने के {hours} घंटे बाद भी ट्रैकिंग नंबर नहीं है।"],
    dkParcelsNone: ["No parcel is late: every one has its tracking number.", "कोई पार्सल देर से नहीं: सबका ट्रैकिंग नंबर दर्ज है।"],
    dkWaitingParcels: ["Parcels without tracking", "बिना ट्रैकिंग के पार्सल"],
    dkFindParcel: ["Find a parcel", "पार्सल खोजें"],
    dkParcelId: ["Parcel number (o-…-p1)", "पार्सल नंबर (o-…-p1)"],
    dkFind: ["Find", "खोजें"],
    dkParcelOf: ["Parcel {id}", "पार्सल {id}"],
    dkReadySince: ["Ready since", "कब से तैयार"],
    dkMaker: ["Maker", "कारीगर"],
    dkTracking: ["Tracking", "ट्रैकिंग"],
    dkNoTracking: ["none yet", "अभी नहीं"],
    dkPackedOn: ["Packed", "पैक हुआ"],
    dkTimeline: ["So far", "अब तक"],
    dkBy_maker: ["by the maker", "कारीगर ने"],
    dkBy_facilitator: ["by the block official", "प्रखंड अधिकारी ने"],
    dkBy_office: ["by the district office", "ज़िला कार्यालय ने"],
    dkps_awaiting_payment: ["Waiting for payment", "भुगतान बाकी"],
    dkps_awaiting_pickup: ["To hand over", "सौंपना है"],
    dkps_picked_up: ["With the courier", "कूरियर के पास"],
    dkps_in_transit: ["On the way", "रास्ते में"],
    dkps_out_for_delivery: ["Out for delivery", "डिलीवरी के लिए निकला"],
    dkps_delivered: ["Delivered", "पहुँच गया"],
    dkps_failed: ["Delivery failed", "डिलीवरी नहीं हुई"],
    dkps_returned: ["Returned", "वापस आया"],
    dkps_cancelled: ["Cancelled", "रद्द"],
    e_parcel_not_found: ["No parcel has this number.", "इस नंबर का कोई पार्सल नहीं।"]
  });

  function makerName(id) {
    var span = h("span", { text: id });
    D.maker(id).then(function (m) { if (m && m.name) DM.fill(span, D.pair(m.name)); });
    return span;
  }
  function step(e) {
    return h("li", null, [t("dkps_" + e.status) + " · " + DM.date(e.at), e.by ? " · " + t("dkBy_" + e.by) : ""]);
  }
  function parcelItem(p) {
    var hid = "dkp-" + p.id;
    var li = h("li", { class: "panel dk-item", testid: "desk-parcel", "data-id": p.id, "data-status": p.status, "aria-labelledby": hid }, [
      h("h2", { id: hid, tabindex: "-1", text: t("dkParcelOf", { id: p.id }) }),
      h("p", { class: "badges" }, [D.chip("dkps_", p.status, "parcel-status")]),
      D.facts([
        [t("dkMaker"), makerName(p.vendor_id)],
        [t("dkTracking"), p.tracking_number ? h("strong", { testid: "desk-tracking", text: DM.handover.label(p) }) :
          h("span", { class: "muted", text: t("dkNoTracking") })],
        [t("dkReadySince"), p.waiting_since ? DM.date(p.waiting_since) : null],
        [t("dkPackedOn"), p.packed_at ? DM.date(p.packed_at) : null]
      ]),
      (p.lines || []).length ? h("ul", { class: "lines" }, p.lines.map(function (l) {
        return h("li", null, [l.quantity + " × ", h("span", { text: DM.tx(l.name) })]);
      })) : null,
      (p.timeline || []).length ? h("div", null, [h("h3", { text: t("dkTimeline") }), h("ul", { class: "small" }, p.timeline.map(step))]) : null,
      DM.handover(p, "/admin/parcels/" + encodeURIComponent(p.id), function (saved, note) {
        var fresh = parcelItem(saved);
        li.replaceWith(fresh);
        DM.add(fresh, h("p", { class: "notice good", role: "status", testid: "desk-parcel-done", text: note }));
      })
    ]);
    return li;
  }

  function finder() {
    var out = h("div", { "aria-live": "polite" });
    var id = F.text("parcel_id", t("dkParcelId"), "", { required: true, maxlength: 60, autocomplete: "off", spellcheck: "false",
      "data-pattern": "^\\s*o-[a-z0-9]+-p\\d+\\s*$", testid: "find-parcel-id" });
    var form = F.make({ class: "dk-find", testid: "find-parcel" }, [h("h2", { text: t("dkFindParcel") }), id,
      h("div", { class: "actions" }, [h("button", { type: "submit", class: "btn ghost", text: t("dkFind") })])], function (f, button) {
      F.busy(button, true, "loading");
      DM.session.get("/admin/parcels/" + encodeURIComponent(F.values(f).parcel_id)).then(function (p) {
        F.busy(button, false);
        DM.fill(out, h("ul", { class: "dk-queue" }, parcelItem(p)));
      }, function (err) { F.busy(button, false); F.fail(f, err, { parcel_not_found: "parcel_id" }); });
    });
    return h("section", { class: "panel" }, [form, out]);
  }

  D.tabs.parcels = function (ctx, body) {
    var lead = h("p", { class: "lead", testid: "parcels-lead" });
    var list = h("ul", { class: "dk-queue", testid: "overdue-parcels" }), more = h("div");
    DM.fill(body, [finder(), lead, list, more]);
    return D.pages(ctx, more, function (cursor) {
      return DM.session.get(D.query("/admin/parcels/overdue", { limit: 20, cursor: cursor }));
    }, function (items, first, res) {
      lead.textContent = t("dkParcelsLead", { hours: res.deadline_hours });
      if (first && !items.length) DM.fill(list, h("li", { class: "muted", testid: "no-overdue", text: t("dkParcelsNone") }));
      DM.add(list, items.map(parcelItem));
    });
  };
})(window.DM);
