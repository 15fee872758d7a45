/* Starts the vendored rasa-webchat against NRWbot's socket.io channel (demo portal only). */
(function () {
  "use strict";
  var script = document.currentScript;
  var tenant = script.getAttribute("data-tenant");
  window.addEventListener("DOMContentLoaded", function () {
    window.WebChat.default({
      socketUrl: script.getAttribute("data-bot-url"),
      socketPath: "/socket.io/",
      customData: { tenant: tenant, page: location.pathname }, // becomes the message metadata
      title: "Chat (rasa-webchat)",
      subtitle: "Demo",
      inputTextFieldHint: "Ihre Nachricht …",
      showMessageDate: false,
      params: { storage: "session" } // forget the conversation when the tab closes
    }, null);
  });
})();
