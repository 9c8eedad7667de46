// @name newest_relations
// @description The newest relations: most recently reported first (by last_seen, then fact date),
//   optionally of one type and since a day.
// @param relation: RelationType = null -- only this relation type
// @param since: date = null -- only relations reported (last_seen) on or after this day
// @param limit: int[1..1000] = 25 -- rows at most
// @columns subject_id, subject, relation, object_id, object, negated, modality, date, last_seen, confidence
// @entities subject_id, object_id
MATCH (s:Entity)-[r]->(o:Entity)
WHERE ($relation IS NULL OR type(r) = $relation)
  AND ($since IS NULL OR coalesce(r.last_seen, r.date) >= $since)
RETURN s.id AS subject_id, s.name AS subject, type(r) AS relation, o.id AS object_id,
       o.name AS object, r.negated AS negated, r.modality AS modality, r.date AS date,
       r.last_seen AS last_seen, r.confidence AS confidence
ORDER BY last_seen IS NULL, last_seen DESC, date IS NULL, date DESC, subject, relation, object
LIMIT $limit
