/* The search box of the map (#search), an ARIA combobox over a listbox (#search-results):
   entries found by name with accents and case optional ("queretaro" finds Querétaro), names
   that start with the text first. Arrow keys move through the list, Enter or a click
   chooses, Escape closes the list. Each option carries data-kind and data-key. While the
   names load (the first search), the list says so and is aria-busy, and so does the live
   region; Enter pressed meanwhile chooses the first match once they are there. */

import { clear, h } from "./dom.js";
import { _ } from "./format.js";

const MAX_SHOWN = 12;

// "Querétaro " -> "queretaro": the form names are compared in.
export function fold(text) {
  return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

// The entries whose name holds the text: those starting with it, then those with a word
// starting with it, then the rest; each group in the order given.
export function matches(entries, text, limit = MAX_SHOWN) {
  const query = fold(text);
  if (!query) return [];
  const groups = [[], [], []];
  for (const entry of entries) {
    const at = entry.folded.indexOf(query);
    if (at < 0) continue;
    const wordStart = at === 0 ? 0 : /[\s(,.-]/.test(entry.folded[at - 1]) ? 1 : 2;
    groups[wordStart].push(entry);
  }
  return groups.flat().slice(0, limit);
}

/* options: input (the combobox), list (the listbox), status (a live region); load() -> a
   promise of the entries, each {key, kind, name, detail}; onChoose(entry); onError(error)
   when they cannot load. Returns {close, prefetch}. */
export function createSearch({ input, list, status, load, onChoose, onError }) {
  let loading = null;
  let loaded = false;
  let queued = false; // Enter pressed while the names load
  let shown = [];
  let active = -1;
  let updating = 0; // only the latest keystroke's update shows its list

  function entries() {
    if (!loading) {
      loading = load()
        .then((items) => {
          loaded = true;
          return items.map((item) => ({ ...item, folded: fold(item.name) }));
        })
        .catch((error) => {
          loading = null; // the next keystroke tries again
          throw error;
        });
    }
    return loading;
  }

  function busy(on) {
    list.setAttribute("aria-busy", String(on));
    status.textContent = on ? _("Loading…") : "";
  }

  // The list says "Loading…" until the names are there.
  function showLoading() {
    clear(list).append(h("li", { class: "search-loading", role: "option", "aria-disabled": "true" }, _("Loading…")));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    busy(true);
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    const options = list.querySelectorAll("[role='option']");
    active = index;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function option(entry, index) {
    return h(
      "li",
      { id: "search-option-" + index, role: "option", "aria-selected": "false", dataset: { kind: entry.kind, key: entry.key } },
      entry.name,
      entry.detail ? h("small", null, entry.detail) : null,
    );
  }

  function render() {
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!input.value.trim()) return close();
    const empty = h("li", { class: "search-empty", role: "option", "aria-disabled": "true" }, _("No region or town of that name"));
    clear(list).append(...(shown.length ? shown.map(option) : [empty]));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  async function update() {
    const mine = ++updating;
    if (!loaded && input.value.trim()) showLoading();
    try {
      const all = await entries();
      if (mine !== updating) return;
      busy(false);
      if (document.activeElement !== input && !queued) return close(); // the user has left
      shown = matches(all, input.value);
      render();
      if (queued) {
        queued = false;
        if (shown.length) choose(shown[0]);
      }
    } catch (error) {
      if (mine !== updating) return;
      busy(false);
      close();
      onError(error);
    }
  }

  function choose(entry) {
    if (!entry) return;
    input.value = entry.name;
    close();
    onChoose(entry);
  }

  function onKey(event) {
    const open = !list.hidden && shown.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return update();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + shown.length) % shown.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (open && loaded) choose(shown[Math.max(active, 0)]);
      else if (!loaded && input.value.trim()) {
        queued = true;
        update();
      }
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault(); // the list closes; the page's Escape waits for the next press
      event.stopPropagation();
      queued = false;
      close();
    }
  }

  input.addEventListener("focus", () => entries().catch(onError));
  input.addEventListener("input", update);
  input.addEventListener("keydown", onKey);
  input.addEventListener("blur", close);
  list.addEventListener("mousedown", (event) => event.preventDefault()); // the input keeps the focus
  list.addEventListener("click", (event) => {
    const item = event.target.closest("[role='option'][data-key]");
    if (item) choose(shown.find((entry) => entry.key === item.dataset.key));
  });

  return {
    close,
    // Fetches the names ahead of the first search.
    prefetch: () => entries().catch(onError),
  };
}
