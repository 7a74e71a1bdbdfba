/** Incidents: flagged records grouped into events, named, ranked, exported (see incident.ts). */
export { buildIncidents, listedEvidence, LISTED, type Incident } from './incident';
export { flaggedOfBatch, flaggedRecords, isAttempt, type FlaggedRecord, type ScoredColumns } from './flagged-record';
export { allocateFacts, factsBuffers, factsOfBatch, namesOf, type RecordFacts } from './record-facts';
export { TECHNIQUES, type Technique } from './technique';
export { formatSpan } from './title';
export { ECS_VERSION, EXPORTED_ROWS, incidentsNdjson, incidentToEcs } from './siem-ecs';
