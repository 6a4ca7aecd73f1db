// Every visible string in English and Hindi, and the formatting of money, dates and places.
(function (DM) {
  "use strict";
  // key: [English, Hindi]
  var S = {
    brand: ["DeogharMart", "देवघर मार्ट"],
    otherLang: ["हिन्दी", "English"],
    changeLang: ["Change language:", "भाषा बदलें:"],
    skip: ["Skip to content", "मुख्य सामग्री पर जाएँ"],
    cart: ["Cart", "कार्ट"],
    searchLabel: ["Search products", "सामान खोजें"],
    searchPh: ["Search peda, bangles, bamboo…", "पेड़ा, चूड़ी, बांस… खोजें"],
    searchBtn: ["Search", "खोजें"],
    mainNav: ["Main", "मुख्य"],
    offline: ["You are offline — showing what you saw before", "आप ऑफ़लाइन हैं — पहले देखा हुआ दिखा रहे हैं"],
    trial: ["Trial run before the launch: orders here are tests and no real money is taken.", "शुरुआत से पहले का ट्रायल: यहाँ के ऑर्डर परीक्षण हैं, कोई असली पैसा नहीं लिया जाता।"],
    loading: ["Loading…", "लोड हो रहा है…"],
    retry: ["Try again", "फिर कोशिश करें"],
    errGeneric: ["Something went wrong. Please try again.", "कुछ गड़बड़ हो गई। कृपया फिर कोशिश करें।"],
    noConn: ["No connection", "इंटरनेट नहीं है"],
    errOfflineMissing: ["You are offline and this page was not saved on your phone. It will load when you are back online.", "आप ऑफ़लाइन हैं और यह पेज आपके फ़ोन में सहेजा नहीं गया है। नेटवर्क आने पर यह खुल जाएगा।"],
    errNetwork: ["No connection. Check your network and try again.", "इंटरनेट नहीं मिल रहा। नेटवर्क देखकर फिर कोशिश करें।"],
    e_invalid_price_range: ["The lowest price is more than the highest price.", "न्यूनतम कीमत अधिकतम कीमत से ज़्यादा है।"],
    e_query_too_short: ["Please type at least 2 letters to search.", "खोजने के लिए कम से कम 2 अक्षर लिखें।"],
    e_unknown_category: ["We could not find that category.", "यह श्रेणी नहीं मिली।"],
    e_invalid_cursor: ["That page has expired. Please start again.", "यह पेज पुराना हो गया है। कृपया फिर से शुरू करें।"],
    e_invalid_parameter: ["Some filter values are not valid. Please check them.", "कुछ फ़िल्टर सही नहीं हैं। कृपया जाँच लें।"],
    e_product_not_found: ["This product is not available any more.", "यह सामान अब उपलब्ध नहीं है।"],
    e_vendor_not_found: ["We could not find this maker.", "यह कारीगर नहीं मिला।"],
    e_invalid_pincode: ["A PIN code is 6 digits, like 814112.", "पिन कोड 6 अंकों का होता है, जैसे 814112।"],
    e_unknown_pincode: ["This PIN code does not exist. Please check it.", "यह पिन कोड मौजूद नहीं है। कृपया जाँच लें।"],
    e_invalid_country: ["Please choose a country.", "कृपया देश चुनें।"],
    e_cod_not_available: ["Cash on delivery is not available for this order. Please pay by card.", "इस ऑर्डर पर कैश ऑन डिलीवरी उपलब्ध नहीं है। कृपया कार्ड से भुगतान करें।"],
    e_order_not_possible: ["Some items cannot be ordered as they are:", "कुछ सामान इस रूप में ऑर्डर नहीं हो सकते:"],
    e_order_not_found: ["We could not find this order, or its key is wrong.", "यह ऑर्डर नहीं मिला, या इसकी चाबी ग़लत है।"],
    e_not_payable: ["This order cannot be paid any more.", "इस ऑर्डर का भुगतान अब नहीं हो सकता।"],
    e_invalid_body: ["Please check the details you entered.", "कृपया भरी हुई जानकारी जाँच लें।"],
    e_503: ["Card payments are unavailable right now. Choose cash on delivery or try again later.", "अभी कार्ड से भुगतान नहीं हो पा रहा। कैश ऑन डिलीवरी चुनें या थोड़ी देर बाद कोशिश करें।"],
    e_409: ["Some items just went out of stock. Please check your cart.", "कुछ सामान अभी-अभी ख़त्म हो गया। कृपया कार्ट देखें।"],
    e_payment_method_unavailable: ["This way of paying is not available right now. Please choose another.", "भुगतान का यह तरीक़ा अभी उपलब्ध नहीं है। कृपया कोई दूसरा तरीक़ा चुनें।"],
    e_payment_refused: ["The payment service refused this payment. Please try again, or choose another way to pay.", "भुगतान सेवा ने यह भुगतान स्वीकार नहीं किया। कृपया फिर कोशिश करें, या भुगतान का कोई दूसरा तरीक़ा चुनें।"],
    e_payment_unavailable: ["Online payments are unavailable right now. Choose cash on delivery or try again later.", "अभी ऑनलाइन भुगतान नहीं हो पा रहा। कैश ऑन डिलीवरी चुनें या थोड़ी देर बाद कोशिश करें।"],
    e_wrong_order: ["That payment belongs to another order. Please try again.", "वह भुगतान किसी दूसरे ऑर्डर का है। कृपया फिर कोशिश करें।"],
    homeTitle: ["Crafts of Baba Dham's land, straight from the makers", "बाबा धाम की धरती की कारीगरी, सीधे कारीगरों से"],
    homeLead: ["Deoghar peda, lac bangles, ironware, terracotta, bamboo and the products of JSLPS didis — delivered across India and abroad.", "देवघर का पेड़ा, लाह की चूड़ियाँ, लोहे का सामान, टेराकोटा, बांस और JSLPS दीदियों के उत्पाद — पूरे भारत और विदेश तक।"],
    trust1: ["Sold by the makers", "कारीगर ख़ुद बेचते हैं"],
    trust2: ["Checked by the district office", "ज़िला कार्यालय से जाँचा गया"],
    trust3: ["Cash on delivery", "कैश ऑन डिलीवरी"],
    shopByCraft: ["Shop by craft", "कारीगरी के हिसाब से"],
    newArrivals: ["New arrivals", "नए उत्पाद"],
    seeAll: ["See all", "सभी देखें"],
    by: ["by {name}", "{name} द्वारा"],
    off: ["{n}% off", "{n}% छूट"],
    mrp: ["MRP", "एमआरपी"],
    gi: ["GI tag", "जीआई टैग"],
    giNote: ["Geographical Indication: a registered traditional product of this region", "भौगोलिक संकेत (GI): इस क्षेत्र का पंजीकृत पारंपरिक उत्पाद"],
    shg: ["SHG didis", "SHG दीदी"],
    fresh: ["Fresh", "ताज़ा"],
    soldOut: ["Out of stock", "स्टॉक में नहीं"],
    resultsFor: ["Results for “{q}”", "“{q}” के नतीजे"],
    searchTitle: ["All products", "सभी उत्पाद"],
    filters: ["Filter by price and category", "कीमत और श्रेणी से छाँटें"],
    category: ["Category", "श्रेणी"],
    allCategories: ["All categories", "सभी श्रेणियाँ"],
    minPrice: ["Lowest price (₹)", "न्यूनतम कीमत (₹)"],
    maxPrice: ["Highest price (₹)", "अधिकतम कीमत (₹)"],
    sort: ["Sort by", "क्रम"],
    sort_relevance: ["Best match", "सबसे मिलते-जुलते"],
    sort_newest: ["Newest first", "नए पहले"],
    sort_price_asc: ["Price: low to high", "कीमत: कम से ज़्यादा"],
    sort_price_desc: ["Price: high to low", "कीमत: ज़्यादा से कम"],
    apply: ["Apply", "लागू करें"],
    clear: ["Clear filters", "फ़िल्टर हटाएँ"],
    more: ["Show more products", "और उत्पाद देखें"],
    noResults: ["No products found. Try another word or clear the filters.", "कोई उत्पाद नहीं मिला। कोई दूसरा शब्द आज़माएँ या फ़िल्टर हटाएँ।"],
    shown: ["{n} products shown", "{n} उत्पाद दिखाए गए"],
    home: ["Home", "होम"],
    crumbs: ["You are here", "आप यहाँ हैं"],
    inclTax: ["Inclusive of all taxes", "सभी करों सहित"],
    chooseVariant: ["Choose an option", "विकल्प चुनें"],
    onlyLeft: ["Only {n} left", "सिर्फ़ {n} बचे हैं"],
    inStock: ["In stock", "स्टॉक में है"],
    addToCart: ["Add to cart", "कार्ट में डालें"],
    added: ["Added to cart: {name}", "कार्ट में डाला गया: {name}"],
    goToCart: ["Go to cart", "कार्ट देखें"],
    maxQty: ["You can order up to 10 of each item.", "हर सामान की ज़्यादा से ज़्यादा 10 इकाइयाँ मँगा सकते हैं।"],
    about: ["About this product", "इस उत्पाद के बारे में"],
    details: ["Details", "विवरण"],
    shelfLife: ["Shelf life", "कितने दिन चलेगा"],
    days: ["{n} days from making", "बनने से {n} दिन"],
    weight: ["Packed weight", "पैकिंग सहित वज़न"],
    grams: ["{n} g", "{n} ग्राम"],
    gst: ["GST", "जीएसटी"],
    gstVal: ["{n}% (included in price)", "{n}% (कीमत में शामिल)"],
    photos: ["Product photos", "उत्पाद की फ़ोटो"],
    photoN: ["Photo {n} of {m}", "फ़ोटो {n} / {m}"],
    swipe: ["{n} photos — swipe to see more", "{n} फ़ोटो — और देखने के लिए खिसकाएँ"],
    delivery: ["Delivery", "डिलीवरी"],
    pinLabel: ["PIN code", "पिन कोड"],
    check: ["Check", "जाँचें"],
    pinHint: ["Enter a 6-digit PIN code to see shipping and delivery time.", "शिपिंग और समय जानने के लिए 6 अंकों का पिन कोड डालें।"],
    shipTo: ["Delivery to {place}", "{place} तक डिलीवरी"],
    shipping: ["Shipping", "शिपिंग"],
    eta: ["Usually arrives within {n} days", "आम तौर पर {n} दिन में पहुँचता है"],
    eta1: ["Usually arrives the next day", "आम तौर पर अगले दिन पहुँचता है"],
    codYes: ["Cash on delivery available", "कैश ऑन डिलीवरी उपलब्ध"],
    codNo: ["Cash on delivery not available here; pay by card", "यहाँ कैश ऑन डिलीवरी नहीं; कार्ड से भुगतान करें"],
    maker: ["About the maker", "कारीगर के बारे में"],
    place: ["{village}, {block} block", "{village}, {block} प्रखंड"],
    moreFromMaker: ["All products by this maker", "इस कारीगर के सभी उत्पाद"],
    since: ["Making since {y}", "{y} से काम कर रहे हैं"],
    shgBadge: ["Self-help group (JSLPS)", "स्वयं सहायता समूह (JSLPS)"],
    makerProducts: ["Products by {name}", "{name} के उत्पाद"],
    cartTitle: ["Your cart", "आपका कार्ट"],
    cartEmpty: ["Your cart is empty.", "आपका कार्ट ख़ाली है।"],
    startShopping: ["Start shopping", "ख़रीदारी शुरू करें"],
    decrease: ["Fewer: {name}", "कम करें: {name}"],
    increase: ["More: {name}", "बढ़ाएँ: {name}"],
    qtyOf: ["Quantity of {name}", "{name} की मात्रा"],
    remove: ["Remove", "हटाएँ"],
    removeName: ["Remove {name}", "{name} हटाएँ"],
    removed: ["Removed {name}", "{name} हटाया गया"],
    qtyNow: ["{name}: quantity {n}", "{name}: मात्रा {n}"],
    subtotal: ["Subtotal ({n} items)", "उप-योग ({n} सामान)"],
    subtotal1: ["Subtotal (1 item)", "उप-योग (1 सामान)"],
    estimate: ["Delivery and total", "डिलीवरी और कुल राशि"],
    toCheckout: ["Proceed to checkout", "चेकआउट करें"],
    total: ["Total", "कुल"],
    items: ["Items", "सामान"],
    gstIncl: ["Includes GST", "जीएसटी शामिल"],
    exportNote: ["Exports are zero-rated: no GST is charged.", "निर्यात पर जीएसटी नहीं लगता।"],
    parcels: ["Ships in {n} parcels, one from each maker", "{n} पार्सल में आएगा, हर कारीगर से एक"],
    quoteUpdated: ["Total updated: {total}", "कुल राशि अपडेट हुई: {total}"],
    yourOrders: ["Your orders on this phone", "इस फ़ोन से किए गए ऑर्डर"],
    orderTitle: ["Order {id}", "ऑर्डर {id}"],
    checkoutTitle: ["Checkout", "चेकआउट"],
    contact: ["Contact", "संपर्क"],
    f_name: ["Full name", "पूरा नाम"],
    f_phone: ["Mobile number", "मोबाइल नंबर"],
    f_email: ["Email", "ईमेल"],
    address: ["Delivery address", "डिलीवरी का पता"],
    f_line1: ["House, street, area", "मकान, गली, मोहल्ला"],
    f_line2: ["Landmark (optional)", "पास की पहचान (वैकल्पिक)"],
    f_city: ["City or town", "शहर या कस्बा"],
    f_state: ["State", "राज्य"],
    f_pincode: ["PIN code", "पिन कोड"],
    f_postal: ["Postal code (optional)", "पोस्टल कोड (वैकल्पिक)"],
    f_country: ["Country", "देश"],
    payment: ["Payment", "भुगतान"],
    payCard: ["Debit or credit card", "डेबिट या क्रेडिट कार्ड"],
    payCod: ["Cash on delivery", "कैश ऑन डिलीवरी"],
    codHint: ["Pay in cash when the parcel arrives", "पार्सल आने पर नकद दें"],
    codNeedsPin: ["Enter your PIN code to see if cash on delivery is available.", "कैश ऑन डिलीवरी की जानकारी के लिए पिन कोड डालें।"],
    codUnavailable: ["Cash on delivery is not available for this order.", "इस ऑर्डर पर कैश ऑन डिलीवरी उपलब्ध नहीं है।"],
    cardDetails: ["Card details", "कार्ड का विवरण"],
    cardLoading: ["Loading the secure card form…", "सुरक्षित कार्ड फ़ॉर्म लोड हो रहा है…"],
    cardFailed: ["The card form could not load. Check the network or choose cash on delivery.", "कार्ड फ़ॉर्म लोड नहीं हुआ। नेटवर्क देखें या कैश ऑन डिलीवरी चुनें।"],
    cardBad: ["Please check the card number, expiry date and CVC.", "कृपया कार्ड नंबर, समाप्ति तिथि और CVC जाँच लें।"],
    c_number: ["Card number", "कार्ड नंबर"], c_exp_month: ["Expiry month (MM)", "समाप्ति महीना (MM)"],
    c_exp_year: ["Expiry year (YY)", "समाप्ति वर्ष (YY)"], c_cvc: ["CVC", "CVC"],
    c_postal_code: ["Billing postal code", "बिलिंग पोस्टल कोड"],
    placeOrderPay: ["Place order and pay {total}", "ऑर्डर करें और {total} चुकाएँ"],
    placeOrderCod: ["Place order — pay {total} on delivery", "ऑर्डर करें — डिलीवरी पर {total} दें"],
    placeOrder: ["Place order", "ऑर्डर करें"],
    placing: ["Placing your order…", "आपका ऑर्डर दर्ज हो रहा है…"],
    paying: ["Confirming your payment…", "भुगतान की पुष्टि हो रही है…"],
    needsNetwork: ["Placing an order needs the network. Your details stay here; place the order when you are back online.", "ऑर्डर करने के लिए इंटरनेट चाहिए। आपकी जानकारी यहीं रहेगी; नेटवर्क आने पर ऑर्डर करें।"],
    declined: ["Your card was declined. The order was cancelled and no money was taken.", "आपका कार्ड अस्वीकार हो गया। ऑर्डर रद्द कर दिया गया है और कोई पैसा नहीं कटा।"],
    authFailed: ["Your bank's check (3-D Secure) was not completed. The order was cancelled and no money was taken.", "आपके बैंक की जाँच (3-D Secure) पूरी नहीं हुई। ऑर्डर रद्द कर दिया गया है और कोई पैसा नहीं कटा।"],
    tryAgain: ["Try again with a new order", "नए ऑर्डर के साथ फिर कोशिश करें"],
    rzpOpening: ["Opening the payment window…", "भुगतान विंडो खुल रही है…"],
    rzpNoWindow: ["The payment window could not open. Check the network and try again, or pay another way.", "भुगतान विंडो नहीं खुल सकी। नेटवर्क देखकर फिर कोशिश करें, या किसी और तरीक़े से भुगतान करें।"],
    rzpAttemptFailed: ["The payment did not go through: {reason}", "भुगतान नहीं हो सका: {reason}"],
    required: ["Please fill this in.", "कृपया यह भरें।"],
    badName: ["Please write your full name.", "कृपया पूरा नाम लिखें।"],
    badPhone: ["Enter a 10-digit mobile number (or one with its country code).", "10 अंकों का मोबाइल नंबर डालें (या देश के कोड के साथ)।"],
    badEmail: ["Enter an email like name@example.com.", "ईमेल ऐसे लिखें: name@example.com"],
    fixErrors: ["Please correct the marked fields.", "कृपया चिह्नित जानकारी ठीक करें।"],
    summary: ["Order summary", "ऑर्डर का सारांश"],
    editCart: ["Change cart", "कार्ट बदलें"],
    privacy: ["Your phone number and address are used only to deliver this order.", "आपका फ़ोन नंबर और पता सिर्फ़ इस ऑर्डर की डिलीवरी के लिए इस्तेमाल होगा।"],
    s_placed: ["Order placed", "ऑर्डर दिया गया"],
    status: ["Status", "स्थिति"],
    s_pending_payment: ["Waiting for payment", "भुगतान की प्रतीक्षा"],
    s_paid: ["Paid", "भुगतान हो गया"],
    s_confirmed: ["Confirmed", "पक्का हो गया"],
    s_cancelled: ["Cancelled", "रद्द"],
    s_completed: ["Delivered", "पहुँच गया"],
    p_awaiting_payment: ["Waiting for payment", "भुगतान की प्रतीक्षा"],
    p_awaiting_pickup: ["Packing by the maker", "कारीगर पैक कर रहे हैं"],
    p_picked_up: ["Picked up by the courier", "कूरियर ने ले लिया"],
    p_in_transit: ["On the way", "रास्ते में"],
    p_out_for_delivery: ["Out for delivery", "डिलीवरी के लिए निकला"],
    p_delivered: ["Delivered", "पहुँच गया"],
    p_failed: ["Delivery attempt failed", "डिलीवरी नहीं हो पाई"],
    p_returned: ["Returned to the maker", "कारीगर को वापस गया"],
    p_cancelled: ["Cancelled", "रद्द"],
    waitingPayment: ["Waiting for the bank to confirm your payment. This page updates by itself.", "बैंक से भुगतान की पुष्टि का इंतज़ार है। यह पेज अपने-आप अपडेट होगा।"],
    thanksCard: ["Thank you! Your payment is received and the makers are preparing your order.", "धन्यवाद! भुगतान मिल गया है और कारीगर आपका ऑर्डर तैयार कर रहे हैं।"],
    thanksCod: ["Thank you! Your order is confirmed. Please keep {total} ready in cash.", "धन्यवाद! आपका ऑर्डर पक्का हो गया है। कृपया {total} नकद तैयार रखें।"],
    cancelledText: ["This order was cancelled. Any money taken is refunded to your card.", "यह ऑर्डर रद्द हो गया। कटा हुआ पैसा आपके कार्ड में वापस आ जाएगा।"],
    keepNote: ["Order details open only on this phone. Note your order number: {id}", "ऑर्डर का विवरण सिर्फ़ इसी फ़ोन पर खुलेगा। ऑर्डर नंबर लिख लें: {id}"],
    placedAt: ["Placed on {date}", "{date} को ऑर्डर किया"],
    paidBy: ["Payment", "भुगतान"], byCard: ["Card", "कार्ड"], byCod: ["Cash on delivery", "कैश ऑन डिलीवरी"],
    refunded: ["Refunded", "वापस किया गया"],
    parcelN: ["Parcel {n} of {m}", "पार्सल {n} / {m}"],
    tracking: ["Tracking number", "ट्रैकिंग नंबर"],
    notBooked: ["Not handed to the courier yet", "अभी कूरियर को नहीं दिया गया"],
    invoice: ["Open invoice", "बिल खोलें"],
    invoiceFail: ["The invoice could not be opened. Please try again.", "बिल नहीं खुल सका। कृपया फिर कोशिश करें।"],
    tokenNeeded: ["This order opens only on the phone or browser where it was placed, because its private order key is kept there. If you have the key, enter it below.", "यह ऑर्डर सिर्फ़ उसी फ़ोन या ब्राउज़र में खुलेगा जहाँ से इसे किया गया था, क्योंकि इसकी निजी चाबी वहीं रखी है। अगर चाबी आपके पास है, तो नीचे डालें।"],
    tokenLabel: ["Order key", "ऑर्डर की चाबी"],
    openOrder: ["Open order", "ऑर्डर खोलें"],
    continueShopping: ["Continue shopping", "ख़रीदारी जारी रखें"],
    notFound: ["Page not found", "पेज नहीं मिला"],
    notFoundText: ["This page does not exist. Try the home page or search.", "यह पेज मौजूद नहीं है। होम पेज पर जाएँ या खोजें।"],
    footAbout: ["DeogharMart is the online marketplace of Deoghar district, Jharkhand. Every product is listed by its maker and checked by the district office.", "देवघर मार्ट झारखंड के देवघर ज़िले का ऑनलाइन बाज़ार है। हर उत्पाद उसके कारीगर बेचते हैं और ज़िला कार्यालय उसकी जाँच करता है।"],
    footNav: ["Footer", "फ़ुटर"],
    sell: ["Sell on DeogharMart", "देवघर मार्ट पर बेचें"],
    share: ["Share", "शेयर करें"],
    shareWhatsApp: ["Share on WhatsApp", "WhatsApp पर भेजें"],
    copyLink: ["Copy link", "लिंक कॉपी करें"],
    linkCopied: ["Link copied", "लिंक कॉपी हो गया"],
    readInThisLanguage: ["Read this page in English", "यह पेज हिन्दी में पढ़ें"],
    rated: ["Rated {avg} out of 5 by {n} buyers", "{n} ख़रीदारों की रेटिंग: 5 में से {avg}"],
    rated1: ["Rated {avg} out of 5 by 1 buyer", "1 ख़रीदार की रेटिंग: 5 में से {avg}"],
    reviewsTitle: ["Reviews", "समीक्षाएँ"],
    showReviews: ["Read the reviews", "समीक्षाएँ पढ़ें"],
    noReviews: ["No reviews yet.", "अभी कोई समीक्षा नहीं है।"],
    shipToLabel: ["Ship to", "कहाँ भेजें"],
    shipChange: ["Change", "बदलें"],
    india: ["India", "भारत"]
  };
  var BLOCKS = { Deoghar: "देवघर", Mohanpur: "मोहनपुर", Devipur: "देवीपुर", Madhupur: "मधुपुर",
    Karon: "करौं", Sarath: "सारठ", Palojori: "पालोजोरी", Sonaraithari: "सोनारायठाढ़ी",
    Margomunda: "मारगोमुंडा", Sarwan: "सारवां" };

  var lang = DM.store.get("dm.lang");
  DM.lang = lang === "en" ? "en" : "hi";

  function t(key, vars) {
    var pair = S[key];
    var s = pair ? pair[DM.lang === "en" ? 0 : 1] : key;
    return vars ? s.replace(/\{(\w+)\}/g, function (m, k) { return vars[k] != null ? vars[k] : m; }) : s;
  }
  DM.t = t;
  DM.has = function (key) { return Object.prototype.hasOwnProperty.call(S, key); };
  // Pages add their own strings ({key: [English, Hindi]}): the portal's modules do.
  DM.strings = function (more) { Object.keys(more).forEach(function (k) { S[k] = more[k]; }); };
  // A template split around {placeholders} so that a placeholder can be a DOM node (a link).
  DM.tParts = function (key, nodes) {
    return t(key).split(/(\{\w+\})/).filter(Boolean).map(function (part) {
      var m = /^\{(\w+)\}$/.exec(part);
      return m && nodes[m[1]] != null ? nodes[m[1]] : part;
    });
  };
  // Catalog texts come as {en, hi}.
  DM.tx = function (o) {
    if (!o) return "";
    if (typeof o === "string") return o;
    return o[DM.lang] || o.en || o.hi || "";
  };
  DM.block = function (b) { return DM.lang === "hi" && BLOCKS[b] ? BLOCKS[b] : (b || ""); };
  DM.money = function (paise) {
    return "₹" + (paise / 100).toLocaleString("en-IN", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  };
  DM.date = function (iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso || "";
    return d.toLocaleString(DM.lang === "hi" ? "hi-IN" : "en-IN",
      { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" });
  };
  // A polite message for an API or network error.
  DM.errorText = function (err) {
    if (!err) return t("errGeneric");
    if (err.status === 0) return t(navigator.onLine === false ? "errOfflineMissing" : "errNetwork");
    if (err.code && DM.has("e_" + err.code)) return t("e_" + err.code);
    if (DM.has("e_" + err.status)) return t("e_" + err.status);
    return t("errGeneric");
  };
  DM.failTitle = function (err) {
    return t(err && err.status === 404 ? "notFound" : err && err.status === 0 ? "noConn" : "errGeneric");
  };
  DM.setLang = function (l) {
    DM.lang = l === "en" ? "en" : "hi";
    DM.store.set("dm.lang", DM.lang);
    document.documentElement.lang = DM.lang;
  };
})(window.DM);
