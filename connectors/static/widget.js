/*! NRWbot portal widget – EUPL-1.2. Embed:
 *  <script src="https://BOT/widget/widget.js" data-tenant="TENANT" data-expert="EXPERT" defer></script>
 * Plain JavaScript, no build step, no request to any host but the bot server. Bot and user texts
 * are rendered with textContent only; links are built as <a> elements from http(s) URLs only.
 * Talks socket.io (Engine.IO 4 over WebSocket) to NRWbot's web-chat channel, see
 * connectors/README.md.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.nrwbotWidget) return; // one widget per page
  var botUrl = (script.getAttribute("data-bot-url") || new URL(script.src).origin).replace(/\/+$/, "");
  var tenant = script.getAttribute("data-tenant") || "";
  var expert = script.getAttribute("data-expert") || "";
  var storeKey = "nrwbot:" + botUrl + ":" + tenant;
  var URL_RE = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|https?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;
  var info = { bot_name: "Assistent", municipality: "", welcome: "", privacy_notice: "", privacy_url: "", experts: {} };
  var state = load(); // { sid, open }: all that outlives the page; the transcript is only in the DOM
  var sock = null;
  var confirmed = false;
  var queue = [];

  function load() {
    var s = null;
    try { s = JSON.parse(sessionStorage.getItem(storeKey)); } catch (e) { /* storage off or garbage */ }
    var kept = { sid: s && typeof s.sid === "string" ? s.sid : null, open: !!(s && s.open === true) };
    if (s && s.msgs) save(kept); // an older widget kept the transcript: drop it now
    return kept;
  }
  // Never what the citizen typed (answers to personal questions): every script of the portal's
  // origin can read sessionStorage, and it outlives the page.
  function save(s) {
    s = s || state;
    try { sessionStorage.setItem(storeKey, JSON.stringify({ sid: s.sid, open: s.open })); } catch (e) { /* storage off: chat still works */ }
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text) node.textContent = text;
    return node;
  }
  function httpUrl(value) {
    try { var u = new URL(value); return u.protocol === "http:" || u.protocol === "https:" ? u.href : null; } catch (e) { return null; }
  }

  // ---- DOM (in a shadow root, so page styles and widget styles never mix) ----
  var host = el("div", { "data-nrwbot": "" });
  var root = host.attachShadow({ mode: "open" });
  var css =
    ":host{all:initial}*{box-sizing:border-box}[hidden]{display:none!important}" +
    ".w{font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1b1b}" +
    "button,input{font:inherit}" +
    ".launcher{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;padding:.75em 1.25em;border:2px solid #fff;border-radius:2em;background:#0a4a8f;color:#fff;font-weight:600;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.35)}" +
    ".panel{position:fixed;right:1rem;bottom:1rem;z-index:2147483001;display:flex;flex-direction:column;width:min(26rem,calc(100vw - 2rem));height:min(38rem,calc(100vh - 2rem));background:#fff;border:1px solid #6b6b6b;border-radius:.5rem;box-shadow:0 4px 24px rgba(0,0,0,.3)}" +
    "header{display:flex;align-items:center;gap:.5rem;padding:.5rem .75rem;background:#0a4a8f;color:#fff;border-radius:.5rem .5rem 0 0}" +
    "h2{flex:1;margin:0;font-size:1.05rem}" +
    ".close{min-width:2.75rem;min-height:2.75rem;border:2px solid #fff;border-radius:.25rem;background:transparent;color:#fff;cursor:pointer}" +
    ".notice{margin:0;padding:.5rem .75rem;background:#fff8e1;border-bottom:1px solid #6b6b6b;font-size:.9rem}" +
    ".log{flex:1;overflow-y:auto;padding:.75rem;display:flex;flex-direction:column;gap:.5rem}" +
    ".msg{max-width:88%;padding:.5rem .75rem;border-radius:.75rem;white-space:pre-line;overflow-wrap:anywhere;border:1px solid transparent}" +
    ".bot{align-self:flex-start;background:#eef1f5}.user{align-self:flex-end;background:#0a4a8f;color:#fff}" +
    ".info{align-self:stretch;max-width:none;background:#f4f8ec}" +
    "a{color:#0b4b9c}.user a{color:#fff}img{max-width:100%}" +
    ".choices{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}" +
    ".choices button{min-height:2.75rem;padding:.25rem .75rem;border:2px solid #0a4a8f;border-radius:1.5rem;background:#fff;color:#0a4a8f;cursor:pointer}" +
    ".status{margin:0;padding:0 .75rem;min-height:1.5em;font-size:.9rem;color:#4a4a4a}" +
    "form{display:flex;flex-wrap:wrap;gap:.5rem;padding:.5rem .75rem .75rem;border-top:1px solid #6b6b6b}" +
    "label{flex-basis:100%;font-size:.9rem}" +
    "input{flex:1;min-width:0;min-height:2.75rem;padding:.25rem .5rem;border:2px solid #5a5a5a;border-radius:.25rem}" +
    ".send{min-height:2.75rem;padding:0 1rem;border:2px solid #0a4a8f;border-radius:.25rem;background:#0a4a8f;color:#fff;cursor:pointer}" +
    ":focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}header :focus-visible{outline-color:#fff}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "@media (max-width:30em),(max-height:30em){.panel{inset:0;width:auto;height:auto;border-radius:0}header{border-radius:0}}" +
    "@media (forced-colors:active){.launcher,.panel,.msg,.choices button,.send,.close,input{border:2px solid CanvasText}" +
    ".user{border-color:Highlight}:focus-visible{outline:3px solid Highlight}}";
  if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet(); // constructable: works under a Content-Security-Policy without 'unsafe-inline'
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(el("style", {}, css));
  }
  var wrap = el("aside", { class: "w", "aria-label": "Chat" });
  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "p" }, "Chat öffnen");
  var panel = el("section", { id: "p", class: "panel", role: "dialog", "aria-labelledby": "t", hidden: "" });
  var header = el("header");
  var title = el("h2", { id: "t" }, "Chat");
  var closeBtn = el("button", { type: "button", class: "close", "aria-label": "Chat schließen" }, "✕");
  var notice = el("p", { class: "notice" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Chatverlauf", tabindex: "0" });
  var status = el("p", { class: "status", role: "status" });
  var form = el("form");
  var input = el("input", { id: "i", type: "text", autocomplete: "off", maxlength: "1000" });
  var label = el("label", { for: "i" }, "Ihre Nachricht");
  var send = el("button", { type: "submit", class: "send" }, "Senden");
  header.append(title, closeBtn);
  form.append(label, input, send);
  panel.append(header, notice, log, status, form);
  wrap.append(launcher, panel);
  root.appendChild(wrap);

  // ---- messages ----
  function appendText(parent, text) {
    var last = 0;
    String(text).replace(URL_RE, function (match, name, target, offset) {
      var href = httpUrl(target || match);
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      if (href) {
        var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, name || match);
        a.appendChild(el("span", { class: "sr" }, " (öffnet neues Fenster)"));
        parent.appendChild(a);
      } else parent.appendChild(document.createTextNode(match));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(String(text).slice(last)));
  }
  function render(m) {
    var who = m.from === "user" ? "Sie" : m.from === "bot" ? info.bot_name : "Hinweis";
    var box = el("div", { class: "msg " + m.from });
    box.appendChild(el("span", { class: "sr" }, who + ": "));
    if (m.text) appendText(box, m.text);
    var img = m.image && httpUrl(m.image);
    if (img) {
      // Images from the bot server are shown; others only linked, so that showing a message
      // never makes the citizen's browser contact a third party.
      if (new URL(img).origin === new URL(botUrl).origin) box.appendChild(el("img", { src: img, alt: "Bild vom Assistenten" }));
      else appendText(box, "Bild: " + img);
    }
    if (m.buttons && m.buttons.length) {
      var group = el("div", { class: "choices", role: "group", "aria-label": "Antwortmöglichkeiten" });
      m.buttons.forEach(function (b) {
        var btn = el("button", { type: "button" }, b.title);
        btn.addEventListener("click", function () { say(b.title, b.payload); input.focus(); });
        group.appendChild(btn);
      });
      box.appendChild(group);
    }
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }
  function add(m) {
    if (m.from === "user") Array.prototype.forEach.call(log.querySelectorAll(".choices"), function (g) { g.remove(); }); // offers are answered
    render(m);
  }
  function fromBot(data) {
    if (!data || typeof data !== "object") return;
    status.textContent = "";
    var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
    var att = data.attachment && data.attachment.payload;
    var image = data.attachment && data.attachment.type === "image" && att && att.src;
    if (typeof data.text === "string" || buttons.length || image) {
      add({ from: "bot", text: typeof data.text === "string" ? data.text : "", buttons: buttons, image: image || null });
    }
  }
  function say(text, payload) {
    add({ from: "user", text: text });
    var data = { message: payload || text, customData: { tenant: tenant || undefined, expert: expert || undefined, page: location.pathname } };
    if (confirmed) { data.session_id = state.sid; sock.emit("user_uttered", data); } else queue.push(data);
    status.textContent = info.bot_name + " schreibt …";
    setTimeout(function () { if (/schreibt/.test(status.textContent)) status.textContent = ""; }, 20000);
    connect();
  }

  // ---- socket.io client: Engine.IO 4 / Socket.IO 5 packets over one WebSocket ----
  function Socket(onEvent, onState) {
    var ws = null, tries = 0, stopped = false, self = this;
    this.emit = function (name, data) { if (ws && ws.readyState === 1) ws.send("42" + JSON.stringify([name, data])); };
    function open() {
      ws = new WebSocket(botUrl.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket");
      ws.onmessage = function (ev) {
        var d = String(ev.data);
        if (d === "2") ws.send("3"); // ping -> pong
        else if (d.charAt(0) === "0") ws.send("40"); // engine open -> join namespace "/"
        else if (d.slice(0, 2) === "40") { tries = 0; onState("connected"); }
        else if (d.slice(0, 2) === "42") { var a = JSON.parse(d.slice(2).replace(/^\d+/, "")); onEvent(a[0], a[1]); }
        else if (d.slice(0, 2) === "44") { stopped = true; onState("refused"); }
      };
      ws.onclose = function () {
        onState("closed");
        if (!stopped) setTimeout(open, Math.min(30000, 1000 * Math.pow(2, tries++))); // back off
      };
    }
    this.close = function () { stopped = true; if (ws) ws.close(); };
    open();
    return self;
  }
  function connect() {
    if (sock) return;
    sock = new Socket(function (name, data) {
      if (name === "session_confirm") {
        var sid = data && data.session_id ? data.session_id : data;
        if (state.sid && state.sid !== sid) { log.textContent = ""; greet(); } // old id refused
        state.sid = sid; confirmed = true; save();
        queue.splice(0).forEach(function (q) { q.session_id = sid; sock.emit("user_uttered", q); });
      } else if (name === "bot_uttered") fromBot(data);
    }, function (s) {
      if (s === "connected") { confirmed = false; status.textContent = ""; sock.emit("session_request", { session_id: state.sid || null }); }
      else if (s === "closed") { confirmed = false; status.textContent = "Verbindung unterbrochen. Neuer Versuch …"; }
      else if (s === "refused") status.textContent = "Der Chat ist auf dieser Seite nicht verfügbar.";
    });
  }

  // ---- opening, closing, keyboard ----
  function greet() {
    var e = info.experts[expert];
    if (!log.firstChild) add({ from: "info", text: (e && e.welcome) || info.welcome });
  }
  function setOpen(open, restoring) {
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", String(open));
    state.open = open;
    save();
    if (open) { connect(); if (!restoring) input.focus(); } else if (!restoring) launcher.focus();
  }
  launcher.addEventListener("click", function () { setOpen(true); });
  closeBtn.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { ev.preventDefault(); setOpen(false); } });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (text) { input.value = ""; say(text); }
  });
  function applyInfo() {
    title.textContent = info.bot_name + (info.municipality ? " – " + info.municipality : "");
    launcher.textContent = "Chat mit " + info.bot_name;
    notice.textContent = "Datenschutz: " + info.privacy_notice + " ";
    var href = httpUrl(info.privacy_url);
    if (href) appendText(notice, "[Datenschutzerklärung](" + href + ")");
    if (info.max_message_chars) input.setAttribute("maxlength", String(info.max_message_chars));
  }
  function start() {
    greet();
    document.body.appendChild(host);
    if (state.open) setOpen(true, true);
  }
  window.nrwbotWidget = { open: function () { setOpen(true); } };
  fetch(botUrl + "/widget/tenants/" + encodeURIComponent(tenant || "_default") + ".json", { credentials: "omit" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) { info = data; applyInfo(); })
    .catch(function () { launcher.textContent = "Chat"; notice.textContent = "Der Chat ist gerade nicht erreichbar."; })
    .then(function () { if (document.body) start(); else document.addEventListener("DOMContentLoaded", start); });
})();
