namespace Batch.Repository;

/// <summary>What a history cleanup deleted.</summary>
/// <param name="Instances">The job instances deleted (each with all its executions).</param>
/// <param name="Executions">The job executions deleted.</param>
public readonly record struct DeletedHistory(int Instances, int Executions);
