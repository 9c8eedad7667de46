// @name country_company_partners
// @description Partners of a country's companies: for each company based in the country (its
//   `country` property or a LOCATED_IN relation), who it partners with (PARTNERS_WITH, either way).
// @param country: str = "China" -- the country: id, name or alias
// @param limit: int[1..1000] = 100 -- rows at most
// @columns company_id, company, partner_id, partner, partner_type, partner_country, count, date
// @entities company_id, partner_id
MATCH (home:Country)
WHERE home.id = $country OR toLower(home.name) = toLower($country)
   OR any(a IN coalesce(home.aliases, []) WHERE toLower(a) = toLower($country))
MATCH (c:Company)
WHERE c.country = home.name OR (c)-[:LOCATED_IN]->(home)
MATCH (c)-[p:PARTNERS_WITH]-(partner:Entity)
WHERE NOT p.negated
RETURN c.id AS company_id, c.name AS company, partner.id AS partner_id, partner.name AS partner,
       partner.type AS partner_type, coalesce(partner.country, partner.name) AS partner_country,
       p.count AS count, p.date AS date
ORDER BY company, count DESC, partner
LIMIT $limit
