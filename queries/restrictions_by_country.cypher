// @name restrictions_by_country
// @description Restrictions grouped by the country behind them: a country's own RESTRICTS
//   relations plus those of its government bodies and policies (by their `country`, or the
//   country of whoever ENACTS the policy), counted per country.
// @param limit: int[1..1000] = 25 -- rows at most
// @columns country_id, country, restrictions, targets
// @entities country_id, targets
MATCH (s:Entity)-[r:RESTRICTS]->(t:Entity)
WHERE NOT r.negated
OPTIONAL MATCH (enactor:Entity)-[:ENACTS]->(s)
WITH r, t, s, [x IN collect(CASE WHEN enactor:Country THEN enactor.name ELSE enactor.country END)
               WHERE x IS NOT NULL][0] AS enacted_by
WITH r, t, CASE WHEN s:Country THEN s.name ELSE coalesce(s.country, enacted_by) END AS home
MATCH (c:Country {name: home})
RETURN c.id AS country_id, c.name AS country, count(DISTINCT r) AS restrictions,
       collect(DISTINCT t.id) AS targets
ORDER BY restrictions DESC, country
LIMIT $limit
