import Foundation
import Yams

/// Walks the file's tree to find keys Firstkey does not know (typos such as `ldap.bindDn`
/// would otherwise be ignored silently) and sections given as plain values.
enum SettingsFileInspector {
    static func inspect(contentsOf path: String) throws -> [ConfigurationProblem] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // JSON is YAML too, so one parser serves both formats.
        guard let tree = try Yams.load(yaml: text) else { return [] }
        guard let root = tree as? [String: Any] else {
            return [.init(.error, key: path, "the configuration file must hold a mapping of settings at its top level")]
        }
        let known = Set(SettingKey.all.map(\.path))
        let sections = Set(known.compactMap { $0.contains(".") ? String($0.split(separator: ".")[0]) : nil })
        var problems: [ConfigurationProblem] = []
        func walk(_ node: [String: Any], prefix: String) {
            for (name, value) in node.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? name : prefix + "." + name
                if let child = value as? [String: Any] {
                    if sections.contains(path) { walk(child, prefix: path) } else {
                        problems.append(.init(.warning, key: path, "is not a Firstkey setting and is ignored (see `firstkey config keys`)"))
                    }
                } else if sections.contains(path) {
                    problems.append(.init(.error, key: path, "is a section: give its settings below it, e.g. \(path).\(SettingKey.all.first { $0.path.hasPrefix(path + ".") }!.path.split(separator: ".")[1])"))
                } else if !known.contains(path) {
                    problems.append(.init(.warning, key: path, "is not a Firstkey setting and is ignored (see `firstkey config keys`)"))
                }
            }
        }
        walk(root, prefix: "")
        return problems
    }
}
