// Strings of selling abroad (issue 20) on the makers' side: the export profile (#/export),
// the export clearance of a perishable listing in the product editor, a parcel's export
// papers in "orders to pack"; and the errors of the export API. Key: [English, Hindi]; keys
// start with "x". Loaded with the pages that need them (portal/shell.js), never on first load.
(function (DM) {
  "use strict";
  DM.strings({
    // the export profile
    xTitle: ["Selling abroad", "विदेश में बेचना"],
    xLead: ["Buyers in other countries can order your products once the district office has checked your export papers: the Import Export Code (IEC), your bank's AD code and this year's Letter of Undertaking (LUT). India Post's Dak Ghar Niryat Kendra then takes your parcels abroad.", "ज़िला कार्यालय आपके निर्यात के कागज़ जाँच ले — आयात-निर्यात कोड (IEC), आपके बैंक का AD कोड और इस साल का वचन-पत्र (LUT) — तो दूसरे देशों के ख़रीदार आपके उत्पाद मँगा सकते हैं। फिर डाक घर निर्यात केंद्र आपके पार्सल विदेश भेजता है।"],
    xStatus: ["Export status", "निर्यात की स्थिति"],
    xsText_none: ["You have not sent your export papers yet. Fill in the form below; the district office checks them.", "आपने अभी निर्यात के कागज़ नहीं भेजे हैं। नीचे का फ़ॉर्म भरें; ज़िला कार्यालय उनकी जाँच करेगा।"],
    xsText_pending: ["The district office is checking your export papers. Until it approves them, buyers abroad cannot order from you.", "ज़िला कार्यालय आपके निर्यात के कागज़ जाँच रहा है। मंज़ूरी मिलने तक विदेश के ख़रीदार आपसे नहीं मँगा सकते।"],
    xsText_approved: ["Approved: buyers abroad can order from you until {date}.", "मंज़ूर: {date} तक विदेश के ख़रीदार आपसे मँगा सकते हैं।"],
    xsText_approvedNoDate: ["Approved by the district office.", "ज़िला कार्यालय ने मंज़ूर किया।"],
    xsText_rejected: ["The district office did not approve your export papers. Please correct them and send them again.", "ज़िला कार्यालय ने आपके निर्यात के कागज़ मंज़ूर नहीं किए। कृपया उन्हें ठीक करके फिर से भेजें।"],
    xNotReady: ["Buyers abroad cannot order from you now:", "अभी विदेश के ख़रीदार आपसे नहीं मँगा सकते:"],
    xSentOn: ["Sent on {date}", "{date} को भेजा"],
    xDecidedOn: ["Decided on {date}", "{date} को फ़ैसला हुआ"],
    xSecIds: ["Export registrations", "निर्यात के पंजीकरण"],
    f_iec: ["Import Export Code (IEC)", "आयात-निर्यात कोड (IEC)"],
    xIecHint: ["10 letters and digits, from DGFT; for most makers it is the same as the PAN.", "10 अक्षर और अंक, DGFT से मिलता है; ज़्यादातर कारीगरों का यह PAN जैसा ही होता है।"],
    xBadIec: ["The IEC has 10 letters and digits, e.g. ABCPK1234M.", "IEC में 10 अक्षर और अंक होते हैं, जैसे ABCPK1234M।"],
    f_adCode: ["Your bank's AD code", "आपके बैंक का AD कोड"],
    xAdHint: ["7 or 14 digits. Your bank gives it; it must be registered at the customs port.", "7 या 14 अंक। यह आपका बैंक देता है; कस्टम पोर्ट पर इसका पंजीकरण ज़रूरी है।"],
    xBadAd: ["The AD code has 7 or 14 digits.", "AD कोड 7 या 14 अंकों का होता है।"],
    xSecLut: ["Letter of Undertaking (LUT): exporting without paying IGST", "वचन-पत्र (LUT): IGST चुकाए बिना निर्यात"],
    xLutLead: ["Filed on the GST portal (form GST RFD-11), once for every financial year (April to March).", "GST पोर्टल पर (फ़ॉर्म GST RFD-11) हर वित्त वर्ष (अप्रैल से मार्च) के लिए एक बार भरा जाता है।"],
    f_arn: ["ARN of the LUT", "LUT का ARN"],
    xArnHint: ["15 letters and digits from the GST portal's acknowledgement, e.g. AD200426012345X.", "GST पोर्टल की पावती पर 15 अक्षर और अंक, जैसे AD200426012345X।"],
    xBadArn: ["The ARN has 15 letters and digits.", "ARN में 15 अक्षर और अंक होते हैं।"],
    f_fy: ["Financial year", "वित्त वर्ष"],
    f_validFrom: ["Valid from", "कब से मान्य"],
    f_validTo: ["Valid until", "कब तक मान्य"],
    xSend: ["Send to the district office", "ज़िला कार्यालय को भेजें"],
    xSending: ["Sending…", "भेजा जा रहा है…"],
    xSent: ["Sent. The district office will check your export papers.", "भेज दिया। ज़िला कार्यालय आपके निर्यात के कागज़ जाँचेगा।"],
    xResend: ["Sending changes asks the district office to check the papers again.", "बदलाव भेजने पर ज़िला कार्यालय कागज़ फिर से जाँचेगा।"],
    xNeedGst: ["Selling abroad needs GST registration: a maker without a GSTIN cannot export through the shop. Add your GSTIN in the profile first (registrations), then send these papers.", "विदेश में बेचने के लिए GST पंजीकरण ज़रूरी है: बिना GSTIN के कारीगर दुकान से निर्यात नहीं कर सकते। पहले प्रोफ़ाइल (पंजीकरण) में अपना GSTIN जोड़ें, फिर ये कागज़ भेजें।"],
    xToProfile: ["Open the profile", "प्रोफ़ाइल खोलें"],
    xNeedProfile: ["Fill in your profile first; then you can send your export papers.", "पहले अपनी प्रोफ़ाइल भरें; फिर आप निर्यात के कागज़ भेज सकते हैं।"],
    // the product editor: a perishable listing's export clearance, the HSN code for abroad
    xClearance: ["Export clearance (for selling abroad)", "निर्यात की मंज़ूरी (विदेश में बेचने के लिए)"],
    xClearanceLead: ["Perishable food goes abroad only with an export clearance for this product (e.g. from the Export Inspection Council). Without it, buyers abroad cannot order it; in India nothing changes.", "जल्दी ख़राब होने वाला खाना इस उत्पाद की निर्यात मंज़ूरी (जैसे निर्यात निरीक्षण परिषद से) के साथ ही विदेश जाता है। उसके बिना विदेश के ख़रीदार इसे नहीं मँगा सकते; भारत में कुछ नहीं बदलता।"],
    f_xRef: ["Clearance reference number", "मंज़ूरी का संदर्भ नंबर"],
    xRefHint: ["e.g. EIC/KOL/2026/123", "जैसे EIC/KOL/2026/123"],
    f_xAuthority: ["Issued by", "किसने जारी की"],
    xAuthorityHint: ["e.g. Export Inspection Council", "जैसे निर्यात निरीक्षण परिषद (Export Inspection Council)"],
    f_xValid: ["Valid until", "कब तक मान्य"],
    xClearanceEmpty: ["Leave all three empty if this product has no clearance (or to remove it).", "अगर इस उत्पाद की मंज़ूरी नहीं है (या उसे हटाना है) तो तीनों ख़ाली छोड़ें।"],
    xClearanceAll: ["Fill in all three, or leave all three empty.", "तीनों भरें, या तीनों ख़ाली छोड़ें।"],
    xClearanceExpired: ["This clearance has expired: buyers abroad cannot order this product.", "यह मंज़ूरी पुरानी हो गई है: विदेश के ख़रीदार यह उत्पाद नहीं मँगा सकते।"],
    xHsnAbroad: ["For selling abroad the HSN code needs all 8 digits (e.g. 17049090). 4 or 6 digits are enough in India.", "विदेश में बेचने के लिए HSN कोड के पूरे 8 अंक चाहिए (जैसे 17049090)। भारत में 4 या 6 अंक काफ़ी हैं।"],
    // orders to pack: a parcel going abroad
    xAbroad: ["Going abroad: {country}", "विदेश जा रहा है: {country}"],
    xPapers: ["Export papers", "निर्यात के कागज़"],
    xPapersLead: ["Print the export invoice and the customs form (CN22/CN23) and stick them on the parcel; the postal bill of export (PBE-III) is filed at the Dak Ghar Niryat Kendra with these details.", "निर्यात बिल और कस्टम फ़ॉर्म (CN22/CN23) छापकर पार्सल पर लगाएँ; डाक घर निर्यात केंद्र पर इन्हीं जानकारियों से डाक निर्यात बिल (PBE-III) भरा जाता है।"],
    xPrint: ["Print the papers", "कागज़ छापें"],
    xCsv: ["Download CSV", "CSV डाउनलोड करें"],
    xJson: ["Download JSON", "JSON डाउनलोड करें"],
    xPapersOf: ["Export papers of parcel {id}", "पार्सल {id} के निर्यात के कागज़"],
    // errors of the export API, by code
    e_export_needs_gst_registration: ["Selling abroad needs GST registration. Add your GSTIN in the profile first.", "विदेश में बेचने के लिए GST पंजीकरण ज़रूरी है। पहले प्रोफ़ाइल में अपना GSTIN जोड़ें।"],
    e_not_an_export: ["This parcel stays in India: it has no export papers.", "यह पार्सल भारत में ही जा रहा है: इसके निर्यात के कागज़ नहीं होते।"],
    e_not_paid: ["The buyer has not paid for this order yet; the papers come after payment.", "ख़रीदार ने अभी इस ऑर्डर का भुगतान नहीं किया है; कागज़ भुगतान के बाद बनते हैं।"],
    e_no_export_profile: ["This maker has not sent export papers.", "इस कारीगर ने निर्यात के कागज़ नहीं भेजे हैं।"],
    e_already_realised: ["The bank's realisation of this parcel is already recorded.", "इस पार्सल की बैंक प्राप्ति पहले ही दर्ज है।"]
  });
})(window.DM);
