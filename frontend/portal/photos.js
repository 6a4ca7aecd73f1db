// A product's photos: take one with the phone's camera or pick from the gallery, upload it
// straight to the uploads bucket (presigned POST from the API, progress shown), then follow
// the product until the image pipeline has added the photo or refused it (with its reason).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, P = DM.portal;
  var TYPES = ["image/jpeg", "image/png", "image/webp"];
  var MAX = 5 * 1024 * 1024;
  var POLL_MS = 1500, POLL_FOR_MS = 120000;
  var seq = 0;

  function post(grant, file, progress) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      Object.keys(grant.fields).forEach(function (k) { data.append(k, grant.fields[k]); });
      data.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", grant.url);
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) progress(e.loaded / e.total); };
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) resolve();
        else reject(new DM.ApiError(xhr.status, { error: { code: "upload_failed" } }));
      };
      xhr.onerror = function () { reject(new DM.ApiError(0, { error: { code: "upload_failed" } })); };
      xhr.send(data);
    });
  }

  // state: {p: the product (kept current for its version)}; changed(p) after each change.
  P.photos = function (ctx, state, changed) {
    var box = h("section", { class: "panel", "aria-labelledby": "photos-h" });
    var gallery = h("ul", { class: "photos", testid: "photos" });
    var uploads = h("ul", { class: "uploads", testid: "uploads" });
    var earlier = h("div");
    var msg = h("div", { "aria-live": "polite" });
    var path = "/vendor/products/" + encodeURIComponent(state.p.id);

    function show() {
      var imgs = P.current(state.p).images;
      DM.fill(gallery, imgs.length ? imgs.map(function (im, i) {
        return h("li", { testid: "photo" }, [DM.pic(im, { alt: t("photoAlt", { n: i + 1 }) }),
          im.waiting ? h("span", { class: "chip st-pending", text: t("photoWaiting") }) : null,
          h("button", { type: "button", class: "link-btn", text: t("removePhoto", { n: i + 1 }), onclick: function () { remove(im.id); } })]);
      }) : [h("li", { class: "muted", text: t("noPhotos") })]);
      var rej = state.p.image_rejections || [];
      DM.fill(earlier, rej.length ? [h("h3", { text: t("refusedBefore") }), h("ul", { class: "small" }, rej.map(function (r) {
        return h("li", { class: "reason", text: DM.tx(r.reason) });
      }))] : null);
    }
    function remove(id) {
      var keep = P.current(state.p).images.map(function (im) { return im.id; }).filter(function (x) { return x !== id; });
      DM.session.call("PATCH", path, { body: { version: state.p.version, image_ids: keep } }).then(function (p) {
        changed(p);
        show();
      }, function (err) { DM.fill(msg, DM.errorBox(err)); });
    }
    function line(file) {
      var name = file.name || "photo";
      var bar = h("progress", { max: 100, value: 0, id: "up" + (++seq), "aria-label": t("uploadPct", { name: name }) });
      var text = h("p", { class: "small", text: t("uploading", { name: name }) });
      var li = h("li", { testid: "upload", "data-state": "uploading" }, [text, bar]);
      uploads.appendChild(li);
      return {
        progress: function (f) { bar.value = Math.round(f * 100); },
        state: function (st, s, bad) {
          li.setAttribute("data-state", st);
          text.textContent = s;
          text.className = bad ? "small reason" : "small";
          if (st !== "uploading") bar.remove();
          DM.announce(s);
        }
      };
    }
    // Follows the product until the pipeline has dealt with upload `id`.
    function follow(id, ui, name) {
      var until = Date.now() + POLL_FOR_MS;
      return new Promise(function (resolve) {
        (function poll() {
          if (!ctx.live()) return resolve();
          DM.session.get(path).then(function (p) {
            var refused = (p.image_rejections || []).filter(function (r) { return r.upload_id === id; })[0];
            var added = P.current(p).images.some(function (im) { return im.id === id; });
            if (refused || added) {
              changed(p);
              show();
              if (refused) ui.state("rejected", t("photoRefused", { name: name, reason: DM.tx(refused.reason) }), true);
              else ui.state("ready", t("photoReady", { name: name }));
              return resolve();
            }
            if (Date.now() > until) { ui.state("slow", t("photoSlow", { name: name })); return resolve(); }
            setTimeout(poll, POLL_MS);
          }, function () { setTimeout(poll, POLL_MS * 2); });
        })();
      });
    }
    function one(file) {
      var name = file.name || "photo", ui = line(file);
      if (TYPES.indexOf(file.type) < 0) { ui.state("refused", t("badType", { name: name }), true); return Promise.resolve(); }
      if (file.size > MAX) { ui.state("refused", t("tooBig", { name: name }), true); return Promise.resolve(); }
      return DM.session.post(path + "/images", { content_type: file.type }).then(function (grant) {
        return post(grant, file, ui.progress).then(function () {
          ui.state("processing", t("processing", { name: name }));
          return follow(grant.upload_id, ui, name);
        });
      }).catch(function (err) { ui.state("failed", name + ": " + DM.errorText(err), true); });
    }
    // One file at a time: on a slow link the first photo is done first.
    function send(files) {
      return Array.prototype.slice.call(files).reduce(function (p, f) { return p.then(function () { return one(f); }); }, Promise.resolve());
    }
    function picker(id, key, attrs) {
      var input = h("input", Object.assign({ type: "file", id: id, testid: id }, attrs));
      input.addEventListener("change", function () {
        var files = input.files;
        if (files && files.length) send(files).then(function () { input.value = ""; });
      });
      return [input, h("label", { for: id, class: "btn ghost", text: t(key) })];
    }

    DM.fill(box, [h("h2", { id: "photos-h", text: t("photosTitle") }), h("p", { class: "small muted", text: t("photosLead") }),
      gallery,
      h("div", { class: "pick" }, picker("photo-camera", "takePhoto", { accept: "image/*", capture: "environment" })
        .concat(picker("photo-gallery", "pickPhotos", { accept: TYPES.join(","), multiple: true }))),
      uploads, msg, earlier]);
    show();
    return box;
  };
})(window.DM);
