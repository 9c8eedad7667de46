// @name most_connected
// @description The most-connected entities, by number of distinct neighbors through relations of
//   one type (or any type), with the evidence behind them.
// @param relation: RelationType = null -- count only this relation type (default: all types)
// @param entity_type: EntityType = null -- rank only entities of this type
// @param limit: int[1..1000] = 20 -- rows at most
// @columns entity_id, entity, type, neighbors, relations, evidence
// @entities entity_id
MATCH (e:Entity)-[r]-(n:Entity)
WHERE ($relation IS NULL OR type(r) = $relation) AND ($entity_type IS NULL OR e.type = $entity_type)
RETURN e.id AS entity_id, e.name AS entity, e.type AS type, count(DISTINCT n) AS neighbors,
       count(DISTINCT r) AS relations, sum(r.count) AS evidence
ORDER BY neighbors DESC, evidence DESC, entity
LIMIT $limit
