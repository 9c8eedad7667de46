// @name denials
// @description Claims the sources deny: relations stored as negated ("Nvidia denies requiring
//   upfront payment"), with the first piece of evidence (JSON: article_id, sentence, date, …).
// @param entity: str = null -- only denials involving this entity (id, name or alias)
// @param limit: int[1..1000] = 50 -- rows at most
// @columns subject_id, subject, relation, object_id, object, date, evidence
// @entities subject_id, object_id
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.negated
  AND ($entity IS NULL OR any(x IN [s, o] WHERE x.id = $entity OR toLower(x.name) = toLower($entity)
       OR any(a IN coalesce(x.aliases, []) WHERE toLower(a) = toLower($entity))))
RETURN s.id AS subject_id, s.name AS subject, type(r) AS relation, o.id AS object_id,
       o.name AS object, r.date AS date, r.evidence[0] AS evidence
ORDER BY date IS NULL, date DESC, subject
LIMIT $limit
