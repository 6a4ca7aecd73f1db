// Inlined in portal.html's head by infra/site.py: the deployment's settings for the scripts
// (DM.config). Unlike the storefront's boot.js it asks nothing of the API: what the portal
// shows depends on who signs in.
(function () {
  "use strict";
  var DM = window.DM = window.DM || {};
  var CFG = {};
  try { CFG = JSON.parse(document.querySelector('meta[name="dm-config"]').content); } catch (e) { /* unconfigured */ }
  DM.config = CFG;
  DM.early = {};
})();
