/** The schema concept's modules, for importing the folder as one (src/lib reads by folder). */
export * from './categories';
export * from './schema';
export * from './true-category';
