import { Router } from 'express';
import type { AppContext } from '../../context.js';
import {
  createItem,
  deleteItem,
  getItem,
  getItemByUpc,
  listItems,
  updateItem,
  type ItemCreate,
  type ItemListQuery,
  type ItemUpdate,
} from '../../domain/catalog/items.js';
import { requireAdmin } from '../auth.js';
import { pageQuery } from './paging.js';

/** Tag Items: public reads, admin writes. */
export function createItemsRouter(ctx: AppContext): Router {
  const router = Router();
  const admin = requireAdmin(ctx);

  router.get('/api/items', (req, res) => {
    const query: ItemListQuery = {
      ...pageQuery(req),
      sortBy: (req.query.sortBy as ItemListQuery['sortBy'] | undefined) ?? 'itemId',
      sortDir: (req.query.sortDir as ItemListQuery['sortDir'] | undefined) ?? 'asc',
    };
    res.json(listItems(ctx.db, query));
  });

  router.post('/api/items', admin, (req, res) => {
    res.status(201).json(createItem(ctx.db, req.body as ItemCreate, ctx.now()));
  });

  router.get('/api/items/upc/:upc', (req, res) => {
    res.json(getItemByUpc(ctx.db, req.params.upc as string));
  });

  router.get('/api/items/:itemId', (req, res) => {
    res.json(getItem(ctx.db, req.params.itemId as string));
  });

  router.put('/api/items/:itemId', admin, (req, res) => {
    res.json(updateItem(ctx.db, req.params.itemId as string, req.body as ItemUpdate, ctx.now()));
  });

  router.delete('/api/items/:itemId', admin, (req, res) => {
    deleteItem(ctx.db, req.params.itemId as string);
    res.status(204).end();
  });

  return router;
}
