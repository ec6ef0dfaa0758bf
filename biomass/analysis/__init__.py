"""Analysis on the fly of any area or of a site's catchment (supply-cost curves, plant
sizes), and the candidate sites."""
