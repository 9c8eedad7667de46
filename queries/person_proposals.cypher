// @name person_proposals
// @description What a person proposed: the policies, organizations and events a person PROPOSES,
//   and (unless turned off) what the countries and bodies the person is AFFILIATED_WITH proposed,
//   with `via` naming that body.
// @param person: str = "Li Qiang" -- the person: id, name or alias
// @param via_affiliation: bool = true -- include proposals of the bodies the person belongs to
// @param limit: int[1..1000] = 50 -- rows at most
// @columns person_id, person, via_id, via, proposal_id, proposal, proposal_type, modality, date, evidence
// @entities person_id, via_id, proposal_id
MATCH (p:Person)
WHERE p.id = $person OR toLower(p.name) = toLower($person)
   OR any(a IN coalesce(p.aliases, []) WHERE toLower(a) = toLower($person))
CALL (p) {
  MATCH (p)-[r:PROPOSES]->(x:Entity)
  WHERE NOT r.negated
  RETURN null AS via, r, x
  UNION
  MATCH (p)-[:AFFILIATED_WITH]->(via:Entity)-[r:PROPOSES]->(x:Entity)
  WHERE $via_affiliation AND NOT r.negated
  RETURN via, r, x
}
RETURN p.id AS person_id, p.name AS person, via.id AS via_id, via.name AS via,
       x.id AS proposal_id, x.name AS proposal, x.type AS proposal_type, r.modality AS modality,
       r.date AS date, r.count AS evidence
ORDER BY via_id IS NOT NULL, date IS NULL, date DESC, proposal
LIMIT $limit
