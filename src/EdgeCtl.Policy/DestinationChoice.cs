namespace EdgeCtl.Policy;

/// <summary>A destination region and the terms of its choice.</summary>
/// <param name="RegionIndex"><see cref="RegionInfo.Index"/> of the destination, −1 if none qualifies.</param>
/// <param name="Gain">Its expected gain (acquisition units).</param>
/// <param name="MoveCost">C_move to it (eq 6).</param>
/// <param name="DistanceUm">Chebyshev distance between the tile centres, µm.</param>
/// <param name="Score">Gain / MoveCost.</param>
public readonly record struct DestinationChoice(int RegionIndex, double Gain, double MoveCost, double DistanceUm, double Score);
