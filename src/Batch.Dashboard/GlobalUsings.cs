// Inside the library only: the model namespaces every page uses.
global using Batch.Exceptions;
global using Batch.Model;
global using Batch.Parameters;
global using Batch.Repository;
