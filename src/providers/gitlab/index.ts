// The GitLab provider: rule data in rules/gitlab.yaml; code only for listing a group's
// projects (`keyhound repos`).
import type { Provider } from '../types.js';
import { gitlabProjects } from './group-projects.js';

export const gitlab: Provider = { id: 'gitlab', enumerate: gitlabProjects };
