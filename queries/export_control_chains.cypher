// @name export_control_chains
// @description Export-control chains: an agency or country enacts a rule (Policy) that restricts a
//   product, technology or company; where known, the company that makes or sells the restricted
//   item and the country it is in or sells to. Later links are empty when the graph lacks them.
// @param agency: str = null -- only chains starting at this agency or country (id, name or alias)
// @param limit: int[1..1000] = 100 -- rows at most
// @columns agency_id, agency, rule_id, rule, target_id, target, target_type, company_id, company, country_id, country
// @entities agency_id, rule_id, target_id, company_id, country_id
MATCH (agency:Entity)-[:ENACTS]->(rule:Policy)-[restricts:RESTRICTS]->(target:Entity)
WHERE (agency:GovernmentBody OR agency:Country) AND NOT restricts.negated
  AND ($agency IS NULL OR agency.id = $agency OR toLower(agency.name) = toLower($agency)
       OR any(a IN coalesce(agency.aliases, []) WHERE toLower(a) = toLower($agency)))
OPTIONAL MATCH (maker:Company)-[:DEVELOPS|EXPORTS_TO]->(target)
WHERE target:Product OR target:Technology
WITH agency, rule, target, CASE WHEN target:Company THEN target ELSE maker END AS company
OPTIONAL MATCH (company)-[:LOCATED_IN|EXPORTS_TO]->(country:Country)
RETURN agency.id AS agency_id, agency.name AS agency, rule.id AS rule_id, rule.name AS rule,
       target.id AS target_id, target.name AS target, target.type AS target_type,
       company.id AS company_id, company.name AS company,
       country.id AS country_id, country.name AS country
ORDER BY agency, rule, target, company, country
LIMIT $limit
