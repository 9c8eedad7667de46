// @name entities_by_id
// @description The entities with the given ids, as the page and `techkg render` draw them.
// @param ids: list[str] -- entity ids (comma-separated on the command line)
// @param limit: int[1..1000] = 1000 -- rows at most
// @columns id, name, type, country, aliases
// @entities id
MATCH (e:Entity)
WHERE e.id IN $ids
RETURN e.id AS id, e.name AS name, e.type AS type, e.country AS country, e.aliases AS aliases
ORDER BY name
LIMIT $limit
