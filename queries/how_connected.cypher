// @name how_connected
// @description How two entities are connected: every shortest chain of relations (either
//   direction) between them, up to max_hops (at most 4).
// @param source: str = "Jensen Huang" -- one entity: id, name or alias
// @param target: str = "H20" -- the other entity: id, name or alias
// @param max_hops: int[1..4] = 4 -- longest chain considered
// @param limit: int[1..100] = 10 -- paths at most
// @columns hops, entity_ids, entities, relations
// @entities entity_ids
MATCH (a:Entity)
WHERE a.id = $source OR toLower(a.name) = toLower($source)
   OR any(x IN coalesce(a.aliases, []) WHERE toLower(x) = toLower($source))
MATCH (b:Entity)
WHERE (b.id = $target OR toLower(b.name) = toLower($target)
   OR any(x IN coalesce(b.aliases, []) WHERE toLower(x) = toLower($target))) AND a <> b
MATCH p = allShortestPaths((a)-[*..4]-(b))
WHERE length(p) <= $max_hops AND all(n IN nodes(p) WHERE n:Entity)
RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS entity_ids, [n IN nodes(p) | n.name] AS entities,
       [r IN relationships(p) | type(r)] AS relations
ORDER BY hops, entities
LIMIT $limit
