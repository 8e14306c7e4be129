import type { Request, Response } from 'express';
import { CategoryPage } from '../../views/storefront/category.js';
import { paths } from '../paths.js';
import { showSearch } from '../search/search.controller.js';

export const categoryController = {
  /** A category's page: the search scoped to it (search keeps and caches it), with its place in the tree around the results. */
  show(req: Request, res: Response) {
    const slug = String(req.params.slug);
    return showSearch(req, res, { category: { slug, action: paths.category(slug), page: (props) => <CategoryPage {...props} /> } });
  },
};
