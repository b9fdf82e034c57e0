// Inside the library only (global usings do not reach a consumer's code): the model namespaces every repository file uses.
global using Batch.Exceptions;
global using Batch.Model;
global using Batch.Parameters;
global using Batch.Repository;
