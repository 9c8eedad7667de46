// @name exporters_also_restricted
// @description Companies that both export to a country (default China) and are themselves, or
//   through a product they make, the object of a restriction.
// @param country: str = "China" -- the destination country: id, name or alias
// @param limit: int[1..1000] = 50 -- rows at most
// @columns company_id, company, country_id, country, restrictors, restricted_items, exports_evidence
// @entities company_id, country_id, restrictors
MATCH (dest:Country)
WHERE dest.id = $country OR toLower(dest.name) = toLower($country)
   OR any(a IN coalesce(dest.aliases, []) WHERE toLower(a) = toLower($country))
MATCH (c:Company)-[x:EXPORTS_TO]->(dest)
WHERE NOT x.negated
MATCH (s:Entity)-[r:RESTRICTS]->(item:Entity)
WHERE NOT r.negated AND (item = c OR (item:Product AND (c)-[:DEVELOPS]->(item)))
RETURN c.id AS company_id, c.name AS company, dest.id AS country_id, dest.name AS country,
       collect(DISTINCT s.id) AS restrictors, collect(DISTINCT item.name) AS restricted_items,
       max(x.count) AS exports_evidence
ORDER BY exports_evidence DESC, company
LIMIT $limit
