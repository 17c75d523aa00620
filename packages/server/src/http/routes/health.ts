import { Router } from 'express';
import { serverVersion } from '../../package-files.js';

/** `GET /health` (outside the validator and never faulted: probes must always get through). */
export function createHealthRouter(): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: serverVersion() });
  });
  return router;
}
