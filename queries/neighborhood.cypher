// @name neighborhood
// @description The neighborhood of an entity: every entity within `depth` relations of it (either
//   direction), nearest first; `techkg render` and the page draw these with their relations.
// @param entity: str = "China" -- the center: id, name or alias
// @param depth: int[1..3] = 1 -- how many relations away
// @param limit: int[1..1000] = 200 -- entities at most
// @columns entity_id, entity, type, distance
// @entities entity_id
MATCH (c:Entity)
WHERE c.id = $entity OR toLower(c.name) = toLower($entity)
   OR any(x IN coalesce(c.aliases, []) WHERE toLower(x) = toLower($entity))
WITH c LIMIT 1
OPTIONAL MATCH p = (c)-[*1..3]-(n:Entity)
WHERE length(p) <= $depth AND all(x IN nodes(p) WHERE x:Entity) AND n <> c
WITH c, n, min(length(p)) AS distance
WITH c, [x IN collect({n: n, d: distance}) WHERE x.n IS NOT NULL] AS found
UNWIND [{n: c, d: 0}] + found AS row
RETURN row.n.id AS entity_id, row.n.name AS entity, row.n.type AS type, row.d AS distance
ORDER BY distance, entity
LIMIT $limit
