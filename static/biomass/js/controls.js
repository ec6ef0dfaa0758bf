/* The settings form of the map (#controls): its selects filled from the catalogue and set
   from the view's state; a change goes to the store. The "find" select lists the regions
   drawn and goes to the one chosen. */

import { h } from "./dom.js";
import { lang } from "./format.js";

// The settings kept in the store, each a select of the form.
const SELECTS = ["level", "resource", "kind", "unit", "scenario", "compare", "overlay"];

function addOptions(select, items) {
  select.append(...items.map(([value, text]) => h("option", { value }, text)));
}

// options: form, store; onFind(code) when a region is chosen in the finder.
export function createControls({ form, store, onFind }) {
  const inputs = form.elements;
  form.addEventListener("submit", (event) => event.preventDefault());

  form.addEventListener("change", (event) => {
    const { name, value } = event.target;
    if (name === "find") {
      if (value) onFind(value);
    } else if (name === "opacity") {
      store.set({ opacity: Number(value) });
    } else if (SELECTS.includes(name)) {
      store.set({ [name]: value });
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

    // The regions drawn, by name, in the finder.
    listRegions(features) {
      const names = features
        .map((f) => [f.properties.code, f.properties.name + " (" + f.properties.code + ")", f.properties.name])
        .sort((a, b) => a[2].localeCompare(b[2], lang));
      inputs.find.replaceChildren(h("option", { value: "" }, "—"));
      addOptions(inputs.find, names);
    },
  };
}
