// @name co_mentioned
// @description Entities mentioned together with an entity in one document: every other entity
//   that an article mentioning it also mentions, most shared articles first.
// @param entity: str = "China" -- the entity: id, name or alias
// @param min_articles: int[1..] = 1 -- only entities sharing at least this many articles
// @param limit: int[1..1000] = 50 -- rows at most
// @columns entity_id, entity, other_id, other, other_type, articles, titles
// @entities entity_id, other_id
MATCH (e:Entity)
WHERE e.id = $entity OR toLower(e.name) = toLower($entity)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($entity))
MATCH (e)<-[:MENTIONS]-(a:Article)-[:MENTIONS]->(o:Entity)
WHERE o <> e
WITH e, o, collect(DISTINCT a) AS shared
WHERE size(shared) >= $min_articles
RETURN e.id AS entity_id, e.name AS entity, o.id AS other_id, o.name AS other, o.type AS other_type,
       size(shared) AS articles, [a IN shared | a.title][..5] AS titles
ORDER BY articles DESC, other
LIMIT $limit
