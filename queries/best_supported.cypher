// @name best_supported
// @description The best-supported relations: most independent sources (source_count), then most
//   evidence sentences, then confidence.
// @param min_confidence: float[0..1] = 0.0 -- only relations at least this confident
// @param limit: int[1..1000] = 25 -- rows at most
// @columns subject_id, subject, relation, object_id, object, source_count, count, confidence
// @entities subject_id, object_id
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.confidence >= $min_confidence
RETURN s.id AS subject_id, s.name AS subject, type(r) AS relation, o.id AS object_id,
       o.name AS object, r.source_count AS source_count, r.count AS count,
       r.confidence AS confidence
ORDER BY source_count DESC, count DESC, confidence DESC, subject
LIMIT $limit
