/* The settings form of the map (#controls): its selects filled from the catalogue and set
   from the view's state; a change goes to the store. On a phone the form is a drawer that
   its toggle button opens and closes. */

import { h } from "./dom.js";

// The settings kept in the store, each a select of the form.
const SELECTS = ["level", "resource", "kind", "unit", "scenario", "compare", "overlay"];

function addOptions(select, items) {
  select.append(...items.map(([value, text]) => h("option", { value }, text)));
}

// options: form, store.
export function createControls({ form, store }) {
  const inputs = form.elements;
  form.addEventListener("submit", (event) => event.preventDefault());

  form.addEventListener("change", (event) => {
    const { name, value } = event.target;
    if (name === "opacity") {
      store.set({ opacity: Number(value) });
    } else if (SELECTS.includes(name)) {
      store.set({ [name]: value });
    }
  });

  // A change made elsewhere (the search changes the level) shows in the form.
  store.subscribe((state, changed) => {
    for (const key of SELECTS) {
      if (changed.has(key) && inputs[key].value !== String(state[key])) inputs[key].value = state[key];
    }
  });

  return {
    // Fills the selects from the catalogue; a state the selects do not offer gives way to
    // what they show.
    fill(catalogue) {
      addOptions(inputs.resource, catalogue.resources.filter((r) => r.layer).map((r) => [r.slug, r.name]));
      addOptions(inputs.scenario, catalogue.scenarios.map((s) => [s.slug, s.name]));
      addOptions(inputs.compare, catalogue.scenarios.map((s) => [s.slug, s.name]));
      addOptions(inputs.overlay, catalogue.layers.filter((l) => l.tiles).map((l) => [l.id, l.name]));
      const state = store.get();
      const patch = {};
      for (const key of SELECTS) {
        const input = inputs[key];
        if (Array.from(input.options).some((o) => o.value === String(state[key]))) input.value = state[key];
        else patch[key] = input.value;
      }
      inputs.opacity.value = state.opacity;
      store.set(patch);
    },
  };
}

/* The drawer of the settings on a phone (the toggle is not shown on a wider screen):
   explorer's data-drawer is "open" or "closed", the toggle's aria-expanded says the same.
   A click on one of the buttons that act on the map (actions: selectors) closes it, so the
   map is there to click, draw on or read; closeForResult() does the same when a result shows. */
export function createDrawer({ toggle, explorer, actions = "" }) {
  const set = (open) => {
    explorer.dataset.drawer = open ? "open" : "closed";
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", () => set(explorer.dataset.drawer !== "open"));
  const isOpen = () => toggle.offsetParent !== null && explorer.dataset.drawer === "open";
  if (actions) {
    explorer.addEventListener("click", (event) => {
      if (isOpen() && event.target.closest(actions)) set(false);
    });
  }
  return {
    isOpen,
    close() {
      set(false);
      toggle.focus();
    },
    closeForResult() {
      if (isOpen()) set(false);
    },
  };
}
