// @name articles_about
// @description The articles that mention an entity, newest first, with how many relations each
//   contributed about it.
// @param entity: str = "China" -- the entity: id, name or alias
// @param limit: int[1..1000] = 50 -- rows at most
// @columns entity_id, article_id, title, published, url, relations
// @entities entity_id
MATCH (e:Entity)
WHERE e.id = $entity OR toLower(e.name) = toLower($entity)
   OR any(x IN coalesce(e.aliases, []) WHERE toLower(x) = toLower($entity))
MATCH (a:Article)-[:MENTIONS]->(e)
RETURN e.id AS entity_id, a.id AS article_id, a.title AS title, a.published AS published,
       a.url AS url, COUNT { (e)-[r]-(:Entity) WHERE a.id IN r.articles } AS relations
ORDER BY published IS NULL, published DESC, title
LIMIT $limit
