// @name who_exports_to
// @description Who sells or ships to a country, company or organization (EXPORTS_TO), including
//   halted supplies (negated) marked as such.
// @param destination: str = "China" -- the buyer: id, name or alias
// @param limit: int[1..1000] = 50 -- rows at most
// @columns exporter_id, exporter, exporter_type, destination_id, destination, negated, modality, count, date
// @entities exporter_id, destination_id
MATCH (d:Entity)
WHERE d.id = $destination OR toLower(d.name) = toLower($destination)
   OR any(a IN coalesce(d.aliases, []) WHERE toLower(a) = toLower($destination))
MATCH (x:Entity)-[r:EXPORTS_TO]->(d)
RETURN x.id AS exporter_id, x.name AS exporter, x.type AS exporter_type, d.id AS destination_id,
       d.name AS destination, r.negated AS negated, r.modality AS modality, r.count AS count,
       r.date AS date
ORDER BY negated, count DESC, exporter
LIMIT $limit
