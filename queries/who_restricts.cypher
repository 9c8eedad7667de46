// @name who_restricts
// @description Who restricts an entity (usually a company): every country, government body or
//   policy with a RESTRICTS relation to it, best supported first.
// @param entity: str = "Huawei" -- the restricted entity: an id (company:huawei), a name or an alias
// @param include_negated: bool = false -- also list restrictions the text denies
// @param limit: int[1..1000] = 50 -- rows at most
// @columns restrictor_id, restrictor, restrictor_type, target_id, target, negated, modality, count, confidence, date
// @entities restrictor_id, target_id
MATCH (t:Entity)
WHERE t.id = $entity OR toLower(t.name) = toLower($entity)
   OR any(a IN coalesce(t.aliases, []) WHERE toLower(a) = toLower($entity))
MATCH (s:Entity)-[r:RESTRICTS]->(t)
WHERE $include_negated OR NOT r.negated
RETURN s.id AS restrictor_id, s.name AS restrictor, s.type AS restrictor_type,
       t.id AS target_id, t.name AS target, r.negated AS negated, r.modality AS modality,
       r.count AS count, r.confidence AS confidence, r.date AS date
ORDER BY count DESC, confidence DESC, restrictor
LIMIT $limit
