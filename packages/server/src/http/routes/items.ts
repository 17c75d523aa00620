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

  router.get('/', (req, res) => {
    const query: ItemListQuery = {
      ...pageQuery(req),
      sortBy: (req.query.sortBy as ItemListQuery['sortBy'] | undefined) ?? 'itemId',
      sortDir: (req.query.sortDir as ItemListQuery['sortDir'] | undefined) ?? 'asc',
    };
    res.json(listItems(ctx.db, query));
  });

  router.post('/', admin, (req, res) => {
    res.status(201).json(createItem(ctx.db, req.body as ItemCreate, ctx.now()));
  });

  router.get('/upc/:upc', (req, res) => {
    res.json(getItemByUpc(ctx.db, req.params.upc as string));
  });

  router.get('/:itemId', (req, res) => {
    res.json(getItem(ctx.db, req.params.itemId as string));
  });

  router.put('/:itemId', admin, (req, res) => {
    res.json(updateItem(ctx.db, req.params.itemId as string, req.body as ItemUpdate, ctx.now()));
  });

  router.delete('/:itemId', admin, (req, res) => {
    deleteItem(ctx.db, req.params.itemId as string);
    res.status(204).end();
  });

  return router;
}
