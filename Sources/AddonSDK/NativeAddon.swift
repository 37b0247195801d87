public import ArgumentParsing
import SQLite
public import Templates

/// The code of an add-on compiled into the host: what CS-Cart add-ons keep in `func.php`,
/// `init.php` and their controllers. An add-on module provides one value of this type and the
/// host registers it; the host knows nothing about any add-on in particular.
public protocol NativeAddon: Sendable {
    /// The `<id>` of the add-on package this code belongs to.
    var id: String { get }
    /// Declares the add-on's functions, handlers, validators, page data and commands.
    func register(_ registration: inout AddonRegistration)
}

/// What a native add-on hands the host, by name. Names match those in `addon.xml`
/// (`<functions>` items, setting `<handler>`s) so that a manifest can be checked against them.
public struct AddonRegistration: Sendable {
    public let addonID: String
    public private(set) var functions: [String: AddonFunction] = [:]
    public private(set) var infoHandlers: [String: InfoHandler] = [:]
    public private(set) var validators: [SettingsValidator] = []
    public private(set) var changeHandlers: [String: SettingChangeHandler] = [:]
    public private(set) var pageProviders: [String: [PageDataProvider]] = [:]
    public private(set) var commands: [AddonCommand] = []
    /// Settings whose value an environment variable replaces when set, by setting name.
    public private(set) var environmentOverrides: [String: String] = [:]

    public init(addonID: String) { self.addonID = addonID }

    /// What `addon` registers.
    public init(of addon: any NativeAddon) {
        self.init(addonID: addon.id)
        addon.register(&self)
    }

    /// The registrations of native add-ons by add-on id (a later add-on with the same id wins).
    public static func byAddonID(_ addons: [any NativeAddon]) -> [String: AddonRegistration] {
        Dictionary(addons.map { ($0.id, AddonRegistration(of: $0)) }) { _, later in later }
    }

    /// A `<functions>` item (`before_install`, `install`, `uninstall`), such as
    /// `fn_my_addon_install`. It runs inside the operation's transaction: throwing rolls back.
    public mutating func function(_ name: String, _ body: @escaping AddonFunction) {
        functions[name] = body
    }

    /// A setting `<handler>` (e.g. of an `info` setting): its result is shown as HTML.
    public mutating func infoHandler(_ name: String, _ body: @escaping InfoHandler) {
        infoHandlers[name] = body
    }

    /// A whole-form check run before a settings save (CS-Cart's `addons.pre.php` pattern).
    public mutating func validator(_ body: @escaping SettingsValidator) {
        validators.append(body)
    }

    /// Runs after the named setting changed and the save committed its transaction's writes
    /// (`fn_settings_actions_addons_<ID>_<setting>`).
    public mutating func onChange(of setting: String, _ body: @escaping SettingChangeHandler) {
        changeHandlers[setting] = body
    }

    /// Adds variables to a page before its templates render (CS-Cart's PHP hooks on the
    /// controller that prepares the page), e.g. `"orders.details"`.
    public mutating func pageData(_ page: String, _ body: @escaping PageDataProvider) {
        pageProviders[page, default: []].append(body)
    }

    /// Declares that the add-on's code uses the environment variable `variable`, when set and not
    /// empty, instead of the value of `setting`, so that the host shows the value in effect.
    public mutating func environmentOverride(of setting: String, by variable: String) {
        environmentOverrides[setting] = variable
    }

    /// A command under `addonhost <name> …`.
    public mutating func command(_ command: AddonCommand) {
        commands.append(command)
    }
}

public typealias AddonFunction = @Sendable (AddonContext) throws -> Void
public typealias InfoHandler = @Sendable (_ arguments: [String], AddonContext) -> String
public typealias SettingsValidator = @Sendable (SettingsForm, AddonContext) -> [FieldError]
public typealias SettingChangeHandler = @Sendable (SettingChange, AddonContext) throws -> Void
public typealias PageDataProvider = @Sendable (PageRequest, AddonContext) throws -> [String: Value]

/// A command an add-on adds to the CLI. It runs with a context on the store.
public struct AddonCommand: Sendable {
    public var spec: CommandSpec
    public var run: @Sendable (Invocation, AddonContext) throws -> Int32

    /// `spec` names the command group and its subcommands; their handlers are replaced by the
    /// host with ones that open the store and call `run` for the chosen leaf.
    public init(_ spec: CommandSpec, run: @escaping @Sendable (Invocation, AddonContext) throws -> Int32) {
        self.spec = spec
        self.run = run
    }
}
