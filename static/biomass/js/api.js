/* The client of the platform's JSON API. Errors carry the API's error body
   ({error, message, field}): the message is the one the server wrote. */

export class ApiError extends Error {
  constructor(message, { status = 0, code = "", field = "" } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

async function errorFor(url, response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null; // not JSON: the status line has to do
  }
  if (body && body.message) {
    return new ApiError(body.message, { status: response.status, code: body.error, field: body.field });
  }
  return new ApiError(url + ": " + response.status + " " + response.statusText, { status: response.status });
}

export async function requestJSON(url, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  const response = await fetch(url, { ...options, headers });
  if (!response.ok) throw await errorFor(url, response);
  return response.json();
}

export function getJSON(url, params) {
  const query = params ? "?" + new URLSearchParams(params).toString() : "";
  return requestJSON(url + query);
}

export function postJSON(url, body, headers = {}) {
  return requestJSON(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/* The endpoints of the map page, from the data-*-url attributes of its map element; region
   outlines and potentials are fetched once per level (and detail, and scenario). */
export function createApi(urls, language) {
  const cache = new Map();
  function once(key, load) {
    if (!cache.has(key)) {
      cache.set(
        key,
        load().catch((error) => {
          cache.delete(key); // a failure is not remembered: the next call tries again
          throw error;
        }),
      );
    }
    return cache.get(key);
  }
  return {
    resources: () => once("resources", () => getJSON(urls.resourcesUrl)),
    scenarios: () => once("scenarios", () => getJSON(urls.scenariosUrl)),
    layers: () => once("layers", () => getJSON(urls.layersUrl)),
    regions: (level, zoom) => once("regions/" + level + "@" + zoom, () => getJSON(urls.regionsUrl, { level, zoom })),
    potentials: (level, scenario) =>
      once("potentials/" + level + "/" + scenario, () =>
        getJSON(urls.potentialsUrl, { level, scenario, limit: 10000, language }).then((data) => data.results),
      ),
    totals: (params) => getJSON(urls.totalsUrl, { ...params, language }).then((data) => data.results),
    regionPotentials: (code) =>
      getJSON(urls.potentialsUrl, { region: code, limit: 1000, language }).then((data) => data.results),
    regionCsvUrl: (code) =>
      urls.potentialsUrl + "?" + new URLSearchParams({ region: code, format: "csv", bom: "true" }).toString(),
    countryPageUrl: (code) => urls.countryUrl.replace("XXX", code),
    sites: () => getJSON(urls.sitesUrl),
    catchment: (params) => getJSON(urls.catchmentUrl, params),
    area: (geometry, scenario) => postJSON(urls.areaUrl, { geometry, scenario }),
    whatIf: (body) => postJSON(urls.whatifUrl, body),
    saveScenario: (body, csrf) => postJSON(urls.scenariosUrl, body, { "X-CSRFToken": csrf }),
    technologies: () => once("technologies", () => getJSON(urls.technologiesUrl, { language })),
    plant: (params) => getJSON(urls.plantUrl, { ...params, language }),
    plantSizes: (params) => getJSON(urls.plantSizesUrl, { ...params, language }),
    // The CSV of a plant query: "plant" or "sizes".
    plantCsvUrl: (which, params) =>
      (which === "sizes" ? urls.plantSizesUrl : urls.plantUrl) +
      "?" +
      new URLSearchParams({ ...params, language, format: "csv" }).toString(),
  };
}

// Resources, scenarios and raster layers, with their names looked up by slug.
export async function loadCatalogue(api) {
  const [resources, scenarios, layers] = await Promise.all([api.resources(), api.scenarios(), api.layers()]);
  const nameOf = (list, slug) => (list.find((x) => x.slug === slug) || { name: slug }).name;
  return {
    resources,
    scenarios,
    layers,
    resourceName: (slug) => nameOf(resources, slug),
    // False for a resource that overlaps others (mixed field residues): never added to totals.
    countedInTotals: (slug) => (resources.find((r) => r.slug === slug) || { counted_in_totals: true }).counted_in_totals,
    scenarioName: (slug) => nameOf(scenarios, slug),
  };
}
