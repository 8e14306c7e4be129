import type { DomainManifest } from '../domains/manifest.js';
import { adminOnly } from '../http/route.js';
import { paths } from '../paths.js';
import { applicationsController as applications } from './applications.controller.js';
import { categoriesController as categories } from './categories.controller.js';
import { usersController as users } from './users.controller.js';

const admin = adminOnly;

/** The admin area's seller applications, users and category tree (other admin pages belong to their domains). */
export const adminDomain: DomainManifest = {
  name: 'admin',
  routes: [
    { method: 'get', path: paths.adminHome(), handlers: [...admin, (_req, res) => res.redirect(303, paths.adminApplications())] },
    { method: 'get', path: paths.adminCounts(), handlers: [...admin, applications.counts] },
    { method: 'get', path: paths.adminApplications(), handlers: [...admin, applications.index] },
    { method: 'get', path: paths.adminApplicationList(), handlers: [...admin, applications.index] },
    { method: 'post', path: paths.adminApplicationApproval(':id'), handlers: [...admin, applications.approve] },
    { method: 'post', path: paths.adminApplicationRejection(':id'), handlers: [...admin, applications.reject] },
    { method: 'get', path: paths.adminUsers(), handlers: [...admin, users.index] },
    { method: 'get', path: paths.adminUser(':id'), handlers: [...admin, users.show] },
    { method: 'post', path: paths.adminUserBlock(':id'), handlers: [...admin, users.block] },
    { method: 'delete', path: paths.adminUserBlock(':id'), handlers: [...admin, users.unblock] },
    { method: 'get', path: paths.adminCategories(), handlers: [...admin, categories.index] },
    { method: 'post', path: paths.adminCategories(), handlers: [...admin, categories.create] },
    { method: 'get', path: paths.adminCategory(':id'), handlers: [...admin, categories.show] },
    { method: 'post', path: paths.adminCategoryName(':id'), handlers: [...admin, categories.rename] },
    { method: 'post', path: paths.adminCategoryParent(':id'), handlers: [...admin, categories.move] },
    { method: 'post', path: paths.adminCategoryRetirement(':id'), handlers: [...admin, categories.retire] },
    { method: 'delete', path: paths.adminCategoryRetirement(':id'), handlers: [...admin, categories.restore] },
    { method: 'post', path: paths.adminCategoryAttributes(':id'), handlers: [...admin, categories.addAttribute] },
    { method: 'delete', path: paths.adminCategoryAttribute(':id', ':attributeId'), handlers: [...admin, categories.removeAttribute] },
  ],
};
