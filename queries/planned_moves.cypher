// @name planned_moves
// @description Moves only planned or considered so far (modality planned or considered, not
//   negated): who plans to do what to whom, newest first.
// @param modality: str = null -- only "planned" or only "considered"
// @param limit: int[1..1000] = 50 -- rows at most
// @columns subject_id, subject, relation, object_id, object, modality, date, confidence
// @entities subject_id, object_id
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.modality IN ['planned', 'considered'] AND NOT r.negated
  AND ($modality IS NULL OR r.modality = toLower($modality))
RETURN s.id AS subject_id, s.name AS subject, type(r) AS relation, o.id AS object_id,
       o.name AS object, r.modality AS modality, r.date AS date, r.confidence AS confidence
ORDER BY date IS NULL, date DESC, subject, relation
LIMIT $limit
