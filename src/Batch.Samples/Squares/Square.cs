namespace Samples.Squares;

/// <summary>A number and its square.</summary>
internal readonly record struct Square(long Number, long Value);
