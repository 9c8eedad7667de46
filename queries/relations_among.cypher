// @name relations_among
// @description Every relation between two entities of the given set, with its evidence (JSON:
//   article_id, sentence, offsets, date, source); the page and `techkg render` draw these.
// @param ids: list[str] -- entity ids (comma-separated on the command line)
// @param limit: int[1..1000] = 1000 -- rows at most
// @columns subject, subject_name, type, object, object_name, count, source_count, confidence, negated, modality, date, first_seen, last_seen, role, predicate, evidence
// @entities subject, object
MATCH (s:Entity)-[r]->(o:Entity)
WHERE s.id IN $ids AND o.id IN $ids
RETURN s.id AS subject, s.name AS subject_name, type(r) AS type, o.id AS object,
       o.name AS object_name, r.count AS count,
       r.source_count AS source_count, r.confidence AS confidence, r.negated AS negated,
       r.modality AS modality, r.date AS date, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.role AS role, r.predicate AS predicate, r.evidence AS evidence
ORDER BY r.count DESC, r.confidence DESC, subject, type, object
LIMIT $limit
