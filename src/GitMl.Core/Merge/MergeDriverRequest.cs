namespace GitMl.Core.Merge;

/// <summary>What git passes a merge driver: the three versions as temporary files (the result goes to <see cref="Current"/>).</summary>
/// <param name="Ancestor">%O: the merge base's version.</param>
/// <param name="Current">%A: our version; the driver leaves the merged result here.</param>
/// <param name="Other">%B: their version.</param>
/// <param name="MarkerSize">%L: the conflict marker length git wants.</param>
/// <param name="Path">%P: the path being merged, for messages.</param>
public sealed record MergeDriverRequest(string Ancestor, string Current, string Other, int MarkerSize, string Path);
