import Vapor
public enum Placeholder2 {}
