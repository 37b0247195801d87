{* One setting, drawn by its type letter (spec §1.5.2). *}
{if $setting.type == "H"}
<h3 class="setting-header" id="container_addon_option_{$setting.object_id}">{$setting.label}</h3>
{else}
<div class="control-group" id="container_addon_option_{$setting.object_id}">
    <label class="control-label" for="addon_option_{$setting.object_id}">{$setting.label}{if $setting.tooltip}<span class="tooltip">{$setting.tooltip}</span>{/if}</label>
    <div class="controls">
    {if $setting.type == "C"}
        <input type="hidden" name="{$html_name}" value="N"><input type="checkbox" id="addon_option_{$setting.object_id}" name="{$html_name}" value="Y"{if $setting.value == "Y"} checked="checked"{/if}>
    {elseif $setting.type == "P"}
        <input type="password" id="addon_option_{$setting.object_id}" name="{$html_name}" value="" autocomplete="off"> <span class="muted setting-secret">{if $setting.is_set}{__("secret_is_set")}{else}{__("secret_is_not_set")}{/if}</span>
    {elseif $setting.type == "T"}
        <textarea id="addon_option_{$setting.object_id}" name="{$html_name}" rows="4">{$setting.value}</textarea>
    {elseif $setting.type == "S"}
        <select id="addon_option_{$setting.object_id}" name="{$html_name}">
        {foreach $setting.variants as $variant}
            <option value="{$variant.name}"{if $variant.name == $setting.value} selected="selected"{/if}>{$variant.label}</option>
        {/foreach}
        </select>
    {elseif $setting.type == "R"}
        {foreach $setting.variants as $variant}
            <label><input type="radio" name="{$html_name}" value="{$variant.name}"{if $variant.name == $setting.value} checked="checked"{/if}> {$variant.label}</label>
        {/foreach}
    {elseif $setting.type == "M" || $setting.type == "B"}
        <select id="addon_option_{$setting.object_id}" name="{$html_name}[]" multiple="multiple">
        {foreach $setting.variants as $variant}
            <option value="{$variant.name}"{if $setting.selected[$variant.name]} selected="selected"{/if}>{$variant.label}</option>
        {/foreach}
        </select>
    {elseif $setting.type == "N"}
        <input type="hidden" name="{$html_name}" value="N">
        {foreach $setting.variants as $variant}
            <label><input type="checkbox" name="{$html_name}[{$variant.name}]" value="Y"{if $setting.selected[$variant.name]} checked="checked"{/if}> {$variant.label}</label>
        {/foreach}
    {elseif $setting.type == "O"}
        <div id="addon_option_{$setting.object_id}">{$setting.info nofilter}</div>
    {else}
        <input type="text" id="addon_option_{$setting.object_id}" name="{$html_name}" value="{$setting.value}">
    {/if}
    </div>
</div>
{/if}
