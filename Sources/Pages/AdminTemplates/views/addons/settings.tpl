{* An add-on's settings page (CS-Cart's addons.update): one fieldset per section, each setting
   drawn by its type letter; hidden settings are not shown. *}
<div class="page">
<div class="main">
    <div class="title">
        <h1>{$addon.name}<span class="muted">{$addon.addon} {$addon.version}</span></h1>
        <p class="muted">{if $addon.status == "A"}{__("active")}{else}{__("disabled")}{/if} · {__("priority")} {$addon.priority}{if $smarty.request.storefront_id} · {__("storefront")}: {$storefront.name}{/if}</p>
    </div>
    <div class="tabs">{foreach $sections as $section}<span{if $section@first} class="active"{/if}>{$section.label}</span>{/foreach}</div>
    <form action="{"addons.update"|fn_url}" method="post" name="update_addon_{$addon.addon}_form" class="cm-settings">
    <input type="hidden" name="addon" value="{$addon.addon}">
    <input type="hidden" name="storefront_id" value="{$smarty.request.storefront_id}">
    <div class="tab-content">
    {foreach $sections as $section}
        <fieldset id="content_{$addon.addon}_{$section.name}">
            <legend>{$section.label}</legend>
            {foreach $section.settings as $setting}
                {if $setting.type != "D"}
                {include file="views/addons/components/setting.tpl" setting=$setting html_name="addon_data[options][`$setting.object_id`]"}
                {/if}
            {foreachelse}
                <p class="muted">{__("no_data")}</p>
            {/foreach}
        </fieldset>
    {foreachelse}
        <p class="muted">{__("no_settings")}</p>
    {/foreach}
    </div>
    </form>
</div>
</div>
