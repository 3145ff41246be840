/* Small, CSP-safe behaviour (no inline handlers): focus management and announcements for keyboard and
   screen-reader users.
   - After a page load or an htmx swap with errors, the error summary takes focus; its links focus their field.
   - After an htmx swap that removed the focused element, focus moves to the swapped region's heading (or the
     region), so a keyboard user is not dropped at the top of the page. Focus that survived the swap stays put.
   - Swapped content may carry [data-announce="…"]: its text is read out by the polite live region.
   - A whole page swapped into <body> (the redirect after an action) focuses its heading and reads its messages;
     so does a page loaded with a message after a plain POST's redirect (no htmx).
   - A failed htmx request is announced in the assertive live region.
   - Phones: the menu button folds the menu; wide tables scroll in their own focusable, named region. */
(function () {
  "use strict";

  function focusElement(element) {
    if (!element) return false;
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) element.setAttribute("tabindex", "-1");
    element.focus({ preventScroll: false });
    return document.activeElement === element;
  }

  function focusErrors(root) {
    return focusElement(root.querySelector("[data-error-summary]")) || focusElement(root.querySelector("[data-autofocus]"));
  }

  function announce(text, assertive) {
    var region = document.getElementById(assertive ? "portal-alert" : "portal-status");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);  // a change, so it is read again
  }

  // A page load: the first error takes focus; a page that arrives after an action without htmx (a plain POST and
  // its redirect, e.g. saving a view or marking notifications read) says so in a message: like the htmx redirect,
  // its heading takes focus and the message is read out.
  document.addEventListener("DOMContentLoaded", function () {
    if (focusErrors(document)) return;
    if (!document.querySelector("#messages .ds-alert")) return;
    settleWholePage();
    // The redirect named what changed (a moved card: "#card-12"): focus goes there rather than to the heading.
    var changed = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (changed && document.getElementById("main").contains(changed)) focusElement(changed);
  });

  // Links in the error summary: move focus to the field (or the first option of a group), not only scroll.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target) {
      event.preventDefault();
      if (target.matches("fieldset, div")) target = target.querySelector("input, select, textarea") || target;
      target.focus();
    }
  });

  // The element in the new content that stands where the focused one stood: same id, same name, or the same
  // kind of submit button (a form swapped after "Save" keeps focus on its "Save").
  function counterpart(region, before) {
    if (before.id) { var same = document.getElementById(before.id); if (same && region.contains(same)) return same; }
    var name = before.getAttribute("name");
    if (name) { var named = region.querySelector(before.tagName + "[name='" + CSS.escape(name) + "']"); if (named) return named; }
    if (before.matches("button, input[type=submit]")) return region.querySelector("button[type=submit], input[type=submit]");
    return null;
  }

  var focusedBeforeSwap = null;
  document.addEventListener("htmx:beforeSwap", function () { focusedBeforeSwap = document.activeElement; });
  // A whole page arrived through htmx (the redirect after an action swaps it into <body>): like a page load,
  // focus the new page's heading (or the first error) and read out its messages.
  function settleWholePage() {
    var main = document.getElementById("main");
    if (!main) return;
    if (!focusErrors(main)) focusElement(main.querySelector("h1") || main);
    var text = Array.prototype.map.call(main.querySelectorAll(".ds-alert[role=status], .ds-alert[role=alert]"), function (alert) {
      return alert.textContent.trim();
    }).join(" ");
    if (text) announce(text, false);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var region = event.detail.target;
    if (region === document.body) { focusedBeforeSwap = null; settleWholePage(); return; }
    if (region && !region.isConnected && region.id) region = document.getElementById(region.id);
    if (!region || !region.isConnected) region = document.getElementById("main");
    var announced = region.querySelector("[data-announce]");
    if (announced) announce(announced.getAttribute("data-announce") || announced.textContent.trim(), false);
    var before = focusedBeforeSwap;
    focusedBeforeSwap = null;
    if (!before || before === document.body) return;  // a swap nobody was working in (e.g. polling): leave focus
    if (focusErrors(region)) return;
    if (!before.isConnected && document.activeElement === document.body) {
      focusElement(counterpart(region, before) || region.querySelector("h1, h2, h3, h4, [data-focus-target]") || region);
    }
  });

  function announceFailure() {
    var region = document.getElementById("portal-alert");
    if (region) announce(region.getAttribute("data-error-text"), true);
  }
  document.addEventListener("htmx:responseError", announceFailure);
  document.addEventListener("htmx:sendError", announceFailure);

  // The menu button (phones): folds the menu and the tools; Escape closes it and gives focus back to the button.
  function setUpMenu() {
    var header = document.querySelector(".portal-header");
    var button = header && header.querySelector(".portal-menu-button");
    if (!button || header.hasAttribute("data-menu-ready")) return;  // once per header (a whole-page swap brings a new one)
    header.setAttribute("data-menu-ready", "");
    header.classList.add("portal-menu--js");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("portal-menu--open", open);
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        header.classList.remove("portal-menu--open");
        button.focus();
      }
    });
  }

  // Wide tables scroll inside their own region, which a keyboard user can reach and scroll (tabindex), named by
  // the table's caption or the heading before it. Tables without a wrapper get one.
  function setUpTables(root) {
    Array.prototype.forEach.call(root.querySelectorAll("main table"), function (table) {
      var wrap = table.parentElement;
      if (!wrap.classList.contains("portal-table-wrap")) {
        wrap = document.createElement("div");
        wrap.className = "portal-table-wrap";
        table.parentElement.insertBefore(wrap, table);
        wrap.appendChild(table);
      }
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = table.querySelector("caption");
        var heading = caption || (wrap.previousElementSibling && wrap.previousElementSibling.matches("h2, h3, h4") ? wrap.previousElementSibling : null);
        if (heading) {
          if (!heading.id) heading.id = "table-name-" + Math.random().toString(36).slice(2, 9);
          wrap.setAttribute("aria-labelledby", heading.id);
        } else if (!wrap.hasAttribute("aria-label")) {
          wrap.setAttribute("aria-label", document.documentElement.getAttribute("data-table-label") || "Table");
        }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUpMenu(); setUpTables(document); });
  document.addEventListener("htmx:afterSettle", function () { setUpMenu(); setUpTables(document); });

  // The board (progressive enhancement of each card's "Move" menu): a card dragged to another column does what the
  // menu offers for that column (posts its form, or opens the form the move needs); a column the menu does not offer
  // refuses the drop and says so. Without JavaScript, or by keyboard, the menu does the same.
  var dragged = null;
  var refusedColumn = null;  // the column the card was last held over and may not go to
  function moveFor(card, column) {
    var wanted = column.getAttribute("data-board-column");
    return Array.prototype.find.call(card.querySelectorAll("[data-move-to]"), function (control) {
      return control.getAttribute("data-move-to").split(" ").indexOf(wanted) !== -1;
    });
  }
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-board-card]");
    if (!card) return;
    dragged = card;
    card.setAttribute("data-dragging", "");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });
  document.addEventListener("dragend", function () {
    // Let go over a column the card may not go to: no drop happens there; say why.
    var board = refusedColumn && refusedColumn.closest("[data-move-refused]");
    if (board) announce(board.getAttribute("data-move-refused"), true);
    refusedColumn = null;
    if (dragged) dragged.removeAttribute("data-dragging");
    dragged = null;
    document.querySelectorAll("[data-drop]").forEach(function (c) { c.removeAttribute("data-drop"); });
  });
  document.addEventListener("dragover", function (event) {
    var column = dragged && event.target.closest && event.target.closest("[data-board-column]");
    if (!column) return;
    var allowed = column.contains(dragged) || Boolean(moveFor(dragged, column));
    column.setAttribute("data-drop", allowed ? "yes" : "no");
    refusedColumn = allowed ? null : column;
    if (allowed) event.preventDefault();
  });
  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest("[data-board-column]");
    if (column && !column.contains(event.relatedTarget)) {
      column.removeAttribute("data-drop");
      if (refusedColumn === column && event.relatedTarget) refusedColumn = null;  // moved on (not let go)
    }
  });
  document.addEventListener("drop", function (event) {
    var column = dragged && event.target.closest && event.target.closest("[data-board-column]");
    if (!column) return;
    event.preventDefault();
    refusedColumn = null;
    var control = moveFor(dragged, column);
    if (!control) return;  // its own column: nothing moves
    if (control.tagName === "A") { window.location.assign(control.href); return; }
    control.form.requestSubmit(control);
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { setUpTables(document); }, 150);
  });

  // Auto-submit filter forms on change without inline handlers (CSP forbids them).
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && window.htmx) window.htmx.trigger(form, "submit");
  });

  // Long multiple-choice lists (<select multiple data-combobox>) become Designsystemet's Suggestion: an ARIA 1.2
  // combobox (type to filter, arrows and Enter to choose, chosen ones as removable chips, choices read out) whose
  // web component keeps the original <select>, hidden inside it, as what the form sends. Without JavaScript or the
  // component the native select stays. The label's `for` moves to the text field with the select's id.
  function setUpComboboxes(root) {
    if (!window.customElements || !window.customElements.get("ds-suggestion")) return;
    Array.prototype.forEach.call(root.querySelectorAll("select[multiple][data-combobox]"), function (select) {
      if (select.closest("ds-suggestion")) return;
      var box = document.createElement("ds-suggestion"), input = document.createElement("input");
      var list = document.createElement("u-datalist");
      box.className = "ds-suggestion portal-combobox";
      box.setAttribute("data-multiple", "");
      input.type = "text";
      input.className = "ds-input";
      input.autocomplete = "off";
      input.id = select.id;
      ["aria-describedby", "aria-invalid"].forEach(function (name) {
        if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
      });
      select.id = select.id + "-values";
      var chips = [];
      Array.prototype.forEach.call(select.options, function (option) {
        var item = document.createElement("u-option");
        item.setAttribute("value", option.value);
        item.textContent = option.text;
        list.appendChild(item);
        if (option.selected) {
          var chip = document.createElement("data");
          chip.value = option.value;
          chip.textContent = option.text;
          chips.push(chip);
        }
      });
      var help = select.getAttribute("data-combobox-help"), described = input.getAttribute("aria-describedby") || "";
      var helpText = help && document.getElementById(described.split(" ")[0]);
      if (helpText && /_helptext$/.test(helpText.id)) helpText.textContent = help;
      select.parentNode.insertBefore(box, select);
      chips.forEach(function (chip) { box.appendChild(chip); });
      box.appendChild(input);
      box.appendChild(list);
      box.appendChild(select);
      select.hidden = true;
      select.removeAttribute("size");
      // After a choice the text field is emptied for the next search (the choice is a chip now).
      box.addEventListener("comboboxafterselect", function () {
        window.setTimeout(function () {
          input.value = "";
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }, 0);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setUpComboboxes(document); });
  document.addEventListener("htmx:afterSettle", function (event) { setUpComboboxes(event.detail.target || document); });

  // A list's filter panel (<details data-url-state="filters">) keeps its open state in the URL (?filters=open), so
  // a reload, Back and a shared link open it as it was. ("toggle" does not bubble: listen in the capture phase.)
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.matches || !details.matches("details[data-url-state]")) return;
    var url = new URL(window.location.href), name = details.getAttribute("data-url-state");
    if (details.open) url.searchParams.set(name, "open"); else url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url);
  }, true);
})();
