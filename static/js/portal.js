// Progressive enhancements. Served from our own origin: no inline scripts (CSP).
(function () {
  "use strict";

  // A menu is a link to its page without JavaScript; with it, a button that
  // opens the list of links.
  function enhanceMenu(menu, index) {
    var link = menu.querySelector("[data-menu-toggle]");
    var list = menu.querySelector("[data-menu-list]");
    if (!link || !list || !list.children.length) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    list.id = list.id || "menu-list-" + index;
    button.setAttribute("aria-controls", list.id);
    link.replaceWith(button);

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) {
        setOpen(false);
      }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Pages whose purpose is a form start there: the element marked data-autofocus
  // (the error summary, or the heading just above the form) takes the focus, so
  // that the first Tab lands in the page rather than in the header again.
  function focusStart() {
    var start = document.querySelector("[data-autofocus]");
    var active = document.activeElement;
    if (!start || (active && active !== document.body)) {
      return;
    }
    start.focus();
  }

  // Buttons that ask for confirmation before a destructive action.
  function enhanceConfirm(element) {
    element.addEventListener("click", function (event) {
      if (!window.confirm(element.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-menu]").forEach(enhanceMenu);
    document.querySelectorAll("[data-confirm]").forEach(enhanceConfirm);
    focusStart();
  });
})();
